// The curator's reports in chat: /report (a short summary), /export (the XLSX workbook), /order (the
// DOCX order on pairs and groups), /chart (a PNG). Every command checks, on every call, that the
// person curates the programme; the files go only to that curator's own chat.
import type { ExportAnswer } from '../../src/reports/export-data';
import { loadOrderPairs, loadProgrammeExport } from '../../src/reports/export-data';
import { percent, type SatisfactionItem } from '../../src/reports/figures';
import { buildPairsOrder, DOCX_MIME } from '../../src/reports/order';
import { chartSvg, PNG_MIME, renderPng } from '../../src/reports/chart';
import { programmeMeetingWeeks, programmeSummary, type ProgrammeSummary } from '../../src/reports/summary';
import { buildProgrammeWorkbook, XLSX_MIME, type Translate } from '../../src/reports/workbook';
import { currentCuratorScope, type CuratorScope } from '../../src/curators/access';
import { recordAudit } from '../../src/audit/audit';
import { getProgramme } from '../../src/programmes/programmes';
import { answerValueSchema } from '../../src/questionnaires/definition';
import type { Conversation } from '../context';
import { formatAnswer, resolveOptions, type ShownOption } from '../questionnaire-view';
import type { QuestionnaireCatalog } from '../../src/questionnaires/catalog';
import type { Question } from '../../src/questionnaires/definition';

/** Documents are written in Russian: they are the school's paperwork, whatever the curator's chat language. */
export const DOCUMENT_LOCALE = 'ru';

export async function curatorScopeOrRefuse(ctx: Conversation): Promise<CuratorScope | undefined> {
  const scope = await currentCuratorScope(ctx.tx, ctx.person.id);
  if (!scope) ctx.reply(ctx.t('curator-only'));
  return scope;
}

export function documentTranslator(ctx: Conversation): Translate {
  return (key, args) => ctx.deps.i18n.t(DOCUMENT_LOCALE, key, args);
}

function fileStamp(ctx: Conversation, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now);
}

export async function showReport(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const summary = await programmeSummary(ctx.tx, scope.programmeId);
  if (!summary) return;
  ctx.reply(reportText(ctx, summary));
}

/** The /report message: short lines, the figures a curator acts on. */
export function reportText(ctx: Pick<Conversation, 't' | 'locale'>, s: ProgrammeSummary): string {
  const t = ctx.t.bind(ctx);
  const lines = [
    t('report-title', { programme: s.programmeName, organisation: s.organisationName }),
    t('report-participants', {
      mentees: s.participants.mentee.total,
      menteesDone: s.participants.mentee.questionnaireDone,
      mentors: s.participants.mentor.total,
      mentorsDone: s.participants.mentor.questionnaireDone,
    }),
  ];
  const withdrawn = s.participants.mentee.withdrawn + s.participants.mentor.withdrawn;
  if (withdrawn > 0) lines.push(t('report-withdrawn', { count: withdrawn }));
  if (s.byForm.length > 0) {
    lines.push(t('report-by-form-title'));
    for (const f of s.byForm) lines.push(t('report-by-form-line', { form: t('report-form', { form: f.form ?? 'none' }), mentees: f.mentees, mentors: f.mentors }));
  }
  lines.push(
    t('report-pairs', { formed: s.pairsFormed, active: s.pairs.active, completed: s.pairs.completed, proposed: s.pairs.proposed, endedEarly: s.pairs.ended_early }),
    t('report-unpaired', { count: s.menteesWithoutPair }),
    t('report-meetings', { planned: s.meetings.planned, held: s.meetings.held, missed: s.meetings.missed }),
    s.checkinRating.average === null
      ? t('report-rating-none')
      : t('report-rating', { average: Math.round(s.checkinRating.average * 10) / 10, count: s.checkinRating.count }),
  );
  for (const role of ['mentee', 'mentor'] as const) {
    const items = s.satisfaction[role];
    if (!items.some((i) => i.before.count > 0 || i.after.count > 0)) continue;
    lines.push(t('report-satisfaction-title', { role }));
    for (const item of items) lines.push(satisfactionLine(t, ctx.locale, role, item));
  }
  if (s.reflections.mentee + s.reflections.mentor > 0) lines.push(t('report-reflections', { mentees: s.reflections.mentee, mentors: s.reflections.mentor }));
  if (s.nominations > 0) lines.push(t('report-nominations', { count: s.nominations }));
  const share = percent(s.involvement.share);
  lines.push(
    share === null
      ? t('report-involvement-unknown', { involved: s.involvement.involved })
      : t('report-involvement', {
          involved: s.involvement.involved,
          total: s.involvement.studentsTotal ?? 0,
          share,
          target: Math.round(s.involvement.target * 100),
          reached: s.involvement.reached ? 'yes' : 'no',
        }),
  );
  lines.push(t('report-files-hint'));
  return lines.join('\n');
}

function satisfactionLine(t: Translate, locale: string, role: 'mentee' | 'mentor', item: SatisfactionItem): string {
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const value = (v: number | null) => (v === null ? '—' : one.format(v));
  return t('report-satisfaction-line', {
    item: t('chart-item', { role, item: t('report-item', { item: item.item }) }),
    before: value(item.before.average),
    after: value(item.after.average),
    beforeCount: item.before.count,
    afterCount: item.after.count,
    change: item.change === null ? '—' : signed.format(item.change),
  });
}

export async function sendExport(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  ctx.reply(ctx.t('report-preparing', { what: 'export' }));
  const data = await loadProgrammeExport(ctx.tx, scope.programmeId);
  if (!data) return;
  const t = documentTranslator(ctx);
  const content = await buildProgrammeWorkbook(data, { t, describeAnswer: answerDescriber(ctx.deps.catalog, t) });
  await recordAudit(ctx.tx, { programmeId: scope.programmeId, actorPersonId: ctx.person.id, action: 'report.export', details: { participants: data.participants.length }, now: ctx.now });
  ctx.send({
    text: ctx.t('report-export-ready', { participants: data.participants.length, pairs: data.pairs.length, meetings: data.meetings.length }),
    document: { fileName: `nastavnik-${scope.programmeId}-${fileStamp(ctx, scope.timezone)}.xlsx`, content, mimeType: XLSX_MIME },
  });
}

/**
 * A question's label and the answer as the questionnaire's own summary writes it (in the document's
 * language). Labels and option lists are worked out once per question, not once per answer.
 */
export function answerDescriber(catalog: QuestionnaireCatalog, t: Translate): (answer: ExportAnswer) => { questionnaire: string; question: string; answer: string } {
  const translate = (key: string) => t(key);
  const questions = new Map<string, { questionnaire: string; label: string; question: Question; options: ShownOption[] } | null>();
  return (answer) => {
    const key = `${answer.questionnaireId}:${answer.questionId}`;
    let known = questions.get(key);
    if (known === undefined) {
      const entry = catalog.byId(answer.questionnaireId);
      const question = entry?.definition.questions.find((q) => q.id === answer.questionId);
      known =
        entry && question
          ? { questionnaire: t(entry.definition.title), label: t(question.summaryLabel ?? question.prompt), question, options: resolveOptions(question, null, translate) }
          : null;
      questions.set(key, known);
    }
    if (!known) return { questionnaire: answer.questionnaireKey, question: answer.questionId, answer: JSON.stringify(answer.value) };
    // Validated where it was saved; re-checked here because a document must never fail on one odd row.
    const value = answerValueSchema.safeParse(answer.value).data;
    return { questionnaire: known.questionnaire, question: known.label, answer: value ? formatAnswer(known.question, value, known.options, translate) : '' };
  };
}

export async function sendOrder(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const programme = await getProgramme(ctx.tx, scope.programmeId);
  const pairs = await loadOrderPairs(ctx.tx, scope.programmeId);
  if (!programme || pairs.length === 0) {
    ctx.reply(ctx.t('report-order-no-pairs'));
    return;
  }
  ctx.reply(ctx.t('report-preparing', { what: 'order' }));
  const content = await buildPairsOrder(
    { organisationName: scope.organisationName, programmeName: scope.programmeName, timezone: scope.timezone, endsOn: programme.programme.endsOn, pairs, controller: ctx.person.fullName },
    documentTranslator(ctx),
  );
  await recordAudit(ctx.tx, { programmeId: scope.programmeId, actorPersonId: ctx.person.id, action: 'report.order', details: { pairs: pairs.length }, now: ctx.now });
  ctx.send({
    text: ctx.t('report-order-ready', { pairs: pairs.length }),
    document: { fileName: `prikaz-nastavnicheskie-pary-${fileStamp(ctx, scope.timezone)}.docx`, content, mimeType: DOCX_MIME },
  });
}

export async function sendChart(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const summary = await programmeSummary(ctx.tx, scope.programmeId);
  if (!summary) return;
  ctx.reply(ctx.t('report-preparing', { what: 'chart' }));
  const weeks = await programmeMeetingWeeks(ctx.tx, scope.programmeId, scope.timezone);
  const t: Translate = (key, args) => ctx.t(key, args);
  const svg = chartSvg(
    {
      title: ctx.t('chart-title', { programme: summary.programmeName }),
      weeks,
      satisfaction: [
        { role: 'mentee', items: summary.satisfaction.mentee },
        { role: 'mentor', items: summary.satisfaction.mentor },
      ],
    },
    t,
  );
  ctx.send({
    text: ctx.t('report-chart-ready', { weeks: weeks.length }),
    document: { fileName: `nastavnik-${scope.programmeId}-chart.png`, content: await renderPng(svg), mimeType: PNG_MIME },
  });
}
