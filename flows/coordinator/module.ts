// The regional coordinator's chat module: /coordinator CODE (becoming one by the operator's code),
// /region (per municipality: organisations per form, involvement, totals; per organisation within a
// municipality) and /region_export (the XLSX). Every command reads the coordinator's scope on every
// call: a coordinator sees only their region (and municipality), anyone else is refused.
import { coordinatorScope, redeemCoordinatorInvite, type CoordinatorScope } from '../../src/coordinators/access';
import { regionalSummary, type MunicipalityFigures, type OrganisationFigures } from '../../src/coordinators/region';
import { buildRegionalWorkbook } from '../../src/coordinators/workbook';
import { normaliseInviteCode } from '../../src/invites/invites';
import { mentorshipForms } from '../../src/programmes/forms';
import { percent } from '../../src/reports/figures';
import { XLSX_MIME } from '../../src/reports/workbook';
import type { Conversation } from '../context';
import type { ChatModule } from '../module';
import { documentTranslator } from '../reports/reports';

/** Long regional lists are split into messages of at most this many characters. */
const MESSAGE_CHARS = 3500;

async function scopeOrRefuse(ctx: Conversation): Promise<CoordinatorScope | undefined> {
  const scope = await coordinatorScope(ctx.tx, ctx.person.id);
  if (!scope) ctx.reply(ctx.t('coordinator-only'));
  return scope;
}

async function becomeCoordinator(ctx: Conversation, args: string): Promise<void> {
  const code = normaliseInviteCode(args);
  if (!code) {
    const scope = await coordinatorScope(ctx.tx, ctx.person.id);
    ctx.reply(scope ? ctx.t('coordinator-welcome', scopeArgs(scope)) : ctx.t('coordinator-usage'));
    return;
  }
  const result = await redeemCoordinatorInvite(ctx.tx, code, ctx.person.id, ctx.now);
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  ctx.logger.info({ coordinatorId: result.scope.coordinatorId }, 'coordinator named');
  ctx.reply(ctx.t('coordinator-welcome', scopeArgs(result.scope)));
}

function scopeArgs(scope: Pick<CoordinatorScope, 'region' | 'municipality'>) {
  return { region: scope.region, municipality: scope.municipality ?? 'none' };
}

async function showRegion(ctx: Conversation): Promise<void> {
  const scope = await scopeOrRefuse(ctx);
  if (!scope) return;
  const summary = await regionalSummary(ctx.tx, scope);
  if (summary.organisations.length === 0) {
    ctx.reply(ctx.t('region-empty', scopeArgs(scope)));
    return;
  }
  const lines = [ctx.t('region-title', scopeArgs(scope))];
  if (scope.municipality === null) for (const m of summary.municipalities) lines.push(municipalityLine(ctx, m));
  else for (const o of summary.organisations) lines.push(organisationLine(ctx, o));
  lines.push(municipalityLine(ctx, { ...summary.totals, municipality: ctx.t('region-total') }));
  lines.push(ctx.t('region-export-hint'));
  for (const message of chunk(lines)) ctx.reply(message);
}

function formsText(ctx: Conversation, byForm: Partial<Record<string, number>>): string {
  const parts = mentorshipForms.filter((f) => (byForm[f] ?? 0) > 0).map((f) => `${ctx.t('report-form', { form: f })} ${byForm[f] ?? 0}`);
  return parts.length > 0 ? parts.join(' · ') : ctx.t('region-no-forms');
}

function involvementText(ctx: Conversation, figures: { involved: number; studentsTotal: number | null; share: number | null }): string {
  const share = percent(figures.share);
  return share === null
    ? ctx.t('region-involved-unknown', { involved: figures.involved })
    : ctx.t('region-involved', { involved: figures.involved, total: figures.studentsTotal ?? 0, share });
}

function municipalityLine(ctx: Conversation, m: MunicipalityFigures): string {
  return ctx.t('region-municipality-line', {
    municipality: m.municipality,
    organisations: m.organisations,
    running: m.running,
    forms: formsText(ctx, m.byForm),
    involvement: involvementText(ctx, m.involvement),
  });
}

function organisationLine(ctx: Conversation, o: OrganisationFigures): string {
  return ctx.t('region-organisation-line', {
    organisation: o.name,
    forms: o.forms.length > 0 ? o.forms.map((f) => ctx.t('report-form', { form: f })).join(', ') : ctx.t('region-no-forms'),
    mentees: o.mentees,
    mentors: o.mentors,
    involvement: involvementText(ctx, o.involvement),
  });
}

function chunk(lines: string[]): string[] {
  const messages: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > MESSAGE_CHARS) {
      messages.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) messages.push(current);
  return messages;
}

async function exportRegion(ctx: Conversation): Promise<void> {
  const scope = await scopeOrRefuse(ctx);
  if (!scope) return;
  ctx.reply(ctx.t('region-preparing'));
  const summary = await regionalSummary(ctx.tx, scope);
  const content = await buildRegionalWorkbook(summary, documentTranslator(ctx));
  const stamp = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now);
  ctx.send({
    text: ctx.t('region-export-ready', { organisations: summary.organisations.length, municipalities: summary.municipalities.length }),
    document: { fileName: `nastavnik-region-${stamp}.xlsx`, content, mimeType: XLSX_MIME },
  });
}

export const coordinatorModule: ChatModule = {
  name: 'coordinator',
  commands: {
    coordinator: { audience: 'everyone', run: (ctx, args) => becomeCoordinator(ctx, args) },
    region: { audience: 'coordinator', run: (ctx) => showRegion(ctx) },
    region_export: { audience: 'coordinator', run: (ctx) => exportRegion(ctx) },
  },
  help: [{ key: 'help-coordinator', shownTo: async (ctx) => (await coordinatorScope(ctx.tx, ctx.person.id)) !== undefined }],
};
