// The curator's view of pair work: every active pair of the programme with its meetings held,
// missed, not reported and ahead, a pair's card with the check-in answers, fit and pulse; and a
// message to all mentors or to everyone in a pair. Every command and button checks, on each call,
// that the person curates the programme concerned.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { recordAudit } from '../../src/audit/audit';
import { queueMessagesFor } from '../../src/jobs/jobs';
import { currentCuratorScope, type CuratorScope } from '../../src/curators/access';
import { latestByMember } from '../../src/meetings/feedback';
import { pairReport, programmePairSummaries, type MeetingBucket, type PairReport } from '../../src/meetings/overview';
import { activePairsOfProgramme, curatesProgramme, loadPairContext, pairTitle } from '../../src/meetings/pair-access';
import { formatDate } from '../../src/meetings/time';
import type { Conversation, Flow } from '../context';
import type { Button, InboundEvent } from '../events';
import { button, enterStep, finishStep, flowNames, stale, stepData, textAnswer, when, tr } from './common';

const PAGE_SIZE = 8;
const BUCKET_LINES = 5;
export const BROADCAST_MAX = 1000;
const DAY_MS = 86_400_000;

async function scopeOrRefuse(ctx: Conversation): Promise<CuratorScope | undefined> {
  const scope = await currentCuratorScope(ctx.tx, ctx.person.id);
  if (!scope) ctx.reply(ctx.t('curator-only'));
  return scope;
}

/** /pairwork: the programme's active pairs, a page at a time. */
export async function showPairs(ctx: Conversation, page: number): Promise<void> {
  const scope = await scopeOrRefuse(ctx);
  if (!scope) return;
  const summaries = await programmePairSummaries(ctx.tx, scope.programmeId, ctx.now);
  if (summaries.length === 0) {
    ctx.reply(ctx.t('pairwork-none', { programme: scope.programmeName }));
    return;
  }
  const pages = Math.ceil(summaries.length / PAGE_SIZE);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const shown = summaries.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const lines = shown.map((s, i) => {
    const since = s.lastMeetingAt ?? s.pair.activatedAt;
    const quiet = s.counts.upcoming === 0 && since !== null && ctx.now.getTime() - since.getTime() >= s.pair.settings.silentWeeks * 7 * DAY_MS;
    return ctx.t('pairwork-line', {
      n: current * PAGE_SIZE + i + 1,
      pair: pairTitle(s.pair),
      held: s.counts.held,
      missed: s.counts.missed,
      unreported: s.counts.unreported,
      upcoming: s.counts.upcoming,
      done: s.tasks.done,
      total: s.tasks.total,
      quiet: quiet ? 'yes' : 'no',
    });
  });
  const buttons: Button[][] = shown.map((s, i) => [button(`${current * PAGE_SIZE + i + 1}. ${pairTitle(s.pair)}`.slice(0, 36), 'pw-pair', s.pair.pairId)]);
  const nav: Button[] = [];
  if (current > 0) nav.push(button(ctx.t('pairwork-prev'), 'pw-page', current - 1));
  if (current < pages - 1) nav.push(button(ctx.t('pairwork-next'), 'pw-page', current + 1));
  if (nav.length > 0) buttons.push(nav);
  ctx.reply(
    [ctx.t('pairwork-title', { programme: scope.programmeName, count: summaries.length, page: current + 1, pages }), ...lines, ctx.t('pairwork-legend')].join('\n\n'),
    buttons,
    { edit: page !== 0 || undefined },
  );
}

function renderReport(ctx: Conversation, report: PairReport): string {
  const { pair } = report;
  const zone = pair.timezone;
  const names = new Map(pair.members.map((m) => [m.membershipId, m.fullName ?? '—']));
  // Answers are listed in the pair's order (mentors first), not in the order they came.
  const order = (membershipId: number) => pair.members.findIndex((m) => m.membershipId === membershipId);
  const inOrder = <T,>(entries: Map<number, T>) => [...entries].sort(([a], [b]) => order(a) - order(b));
  const head = [
    ctx.t('pairwork-card-title', { members: pair.members.map((m) => ctx.t('pairwork-member', { name: m.fullName ?? '—', role: m.role })).join(', ') }),
    ctx.t('pairwork-card-since', { since: pair.activatedAt ? formatDate(pair.activatedAt, zone) : '—', done: report.tasks.done, total: report.tasks.total }),
  ].join('\n');
  const sections = [head];
  const buckets: MeetingBucket[] = ['upcoming', 'held', 'missed', 'unreported'];
  for (const bucket of buckets) {
    const items = report.meetings.filter((m) => m.bucket === bucket);
    if (items.length === 0) continue;
    const shown = bucket === 'upcoming' ? items.slice(0, BUCKET_LINES) : items.slice(-BUCKET_LINES);
    const lines = shown.map(({ meeting, checkins }) => {
      const line = `• ${ctx.t('pairwork-meeting', { when: when(tr(ctx), meeting.startsAt, zone), format: meeting.format, status: meeting.status, topic: meeting.topic ?? '', hasTopic: meeting.topic ? 'yes' : 'no' })}`;
      const answers = [...checkins].sort((a, b) => order(a.membershipId) - order(b.membershipId)).map((c) =>
        ctx.t(c.happened ? 'pairwork-checkin' : 'pairwork-checkin-no', {
          name: names.get(c.membershipId) ?? '—',
          rating: c.rating ?? '—',
          summary: c.summary ?? '—',
          next: c.nextStep ?? '—',
        }),
      );
      return [line, ...answers.map((a) => `   ${a}`)].join('\n');
    });
    sections.push([ctx.t('pairwork-bucket', { bucket, count: items.length }), ...lines].join('\n'));
  }
  if (report.meetings.length === 0) sections.push(ctx.t('pairwork-no-meetings'));
  const fit = latestByMember(report.feedback, 'fit');
  if (fit.size > 0) {
    sections.push(ctx.t('pairwork-fit', { answers: inOrder(fit).map(([id, f]) => ctx.t('pairwork-fit-answer', { name: names.get(id) ?? '—', value: f.value })).join('; ') }));
  }
  const pulse = latestByMember(report.feedback, 'pulse');
  const progress = latestByMember(report.feedback, 'progress');
  if (pulse.size > 0) {
    const answers = inOrder(pulse).map(([id, p]) =>
      ctx.t('pairwork-pulse-answer', { name: names.get(id) ?? '—', mood: p.value, progress: progress.get(id)?.value ?? 'none', on: formatDate(p.createdAt, zone) }),
    );
    sections.push(ctx.t('pairwork-pulse', { answers: answers.join('; ') }));
  }
  return sections.join('\n\n');
}

/** A pair's card, for a curator of its programme only. */
export async function showPair(ctx: Conversation, pairId: number): Promise<void> {
  const pair = await loadPairContext(ctx.tx, pairId);
  if (!pair || !(await curatesProgramme(ctx.tx, ctx.person.id, pair.programmeId))) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  ctx.reply(renderReport(ctx, await pairReport(ctx.tx, pair, ctx.now)), [[button(ctx.t('pairwork-back'), 'pw-page', 0)]]);
}

const broadcastStep = z.object({
  programmeId: z.number().int(),
  audience: z.enum(['mentors', 'pairs']),
  step: z.enum(['text', 'confirm']),
  text: z.string().optional(),
});
type BroadcastStep = z.output<typeof broadcastStep>;

/** /broadcast: to whom, then the text, then a preview to send or drop. */
export async function startBroadcast(ctx: Conversation): Promise<void> {
  const scope = await scopeOrRefuse(ctx);
  if (!scope) return;
  ctx.reply(ctx.t('broadcast-ask-audience', { programme: scope.programmeName }), [
    [button(ctx.t('broadcast-audience-mentors'), 'bc-mentors', scope.programmeId)],
    [button(ctx.t('broadcast-audience-pairs'), 'bc-pairs', scope.programmeId)],
  ]);
}

/** Who gets it: every mentor of the programme, or every member of an active pair. */
async function recipients(ctx: Conversation, programmeId: number, audience: BroadcastStep['audience']): Promise<number[]> {
  if (audience === 'pairs') {
    const pairs = await activePairsOfProgramme(ctx.tx, programmeId);
    return [...new Set(pairs.flatMap((p) => p.members.map((m) => m.personId)))].filter((id) => id !== ctx.person.id);
  }
  const rows = await ctx.tx
    .selectDistinct({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.programmeId, programmeId), eq(memberships.role, 'mentor'), inArray(memberships.status, ['consented', 'questionnaire_done'])));
  return rows.map((r) => r.personId).filter((id) => id !== ctx.person.id);
}

async function ownScope(ctx: Conversation, programmeId: number): Promise<CuratorScope | undefined> {
  const scope = await currentCuratorScope(ctx.tx, ctx.person.id);
  // The programme in the button must be the curator's own: a replayed button of another does nothing.
  if (!scope || scope.programmeId !== programmeId) {
    ctx.reply(ctx.t('curator-only'));
    return undefined;
  }
  return scope;
}

function askBroadcast(ctx: Conversation, data: BroadcastStep, count: number): void {
  if (data.step === 'text') {
    ctx.reply(ctx.t('broadcast-ask-text', { max: BROADCAST_MAX, audience: data.audience }));
    return;
  }
  ctx.reply(`${ctx.t('broadcast-preview', { count, audience: data.audience })}\n\n${data.text ?? ''}`, [
    [button(ctx.t('broadcast-send'), 'bc-send', data.programmeId), button(ctx.t('broadcast-drop'), 'bc-drop', data.programmeId)],
  ]);
}

/** Curator buttons of pair work. Returns false for an action that is not one of them. */
export async function curatorAction(ctx: Conversation, action: string, id: number): Promise<boolean> {
  switch (action) {
    case 'pw-page':
      await showPairs(ctx, id);
      return true;
    case 'pw-pair':
      await showPair(ctx, id);
      return true;
    case 'bc-mentors':
    case 'bc-pairs': {
      const scope = await ownScope(ctx, id);
      if (!scope) return true;
      const data: BroadcastStep = { programmeId: scope.programmeId, audience: action === 'bc-mentors' ? 'mentors' : 'pairs', step: 'text' };
      enterStep(ctx, flowNames.broadcast, data);
      askBroadcast(ctx, data, 0);
      return true;
    }
    case 'bc-send':
    case 'bc-drop': {
      const parsed = ctx.state.flow === flowNames.broadcast ? broadcastStep.safeParse(ctx.state.data) : undefined;
      if (!parsed?.success || parsed.data.step !== 'confirm' || parsed.data.programmeId !== id) {
        stale(ctx);
        return true;
      }
      const scope = await ownScope(ctx, id);
      finishStep(ctx);
      if (!scope) return true;
      if (action === 'bc-drop') {
        ctx.reply(ctx.t('broadcast-dropped'));
        return true;
      }
      await send(ctx, scope, parsed.data);
      return true;
    }
    default:
      return false;
  }
}

async function send(ctx: Conversation, scope: CuratorScope, data: BroadcastStep): Promise<void> {
  const text = data.text ?? '';
  const people = await recipients(ctx, scope.programmeId, data.audience);
  // Through the outbox: a programme's worth of messages goes out under the messengers' limits,
  // retried if a send fails, each once (the key names this broadcast and the recipient; the update
  // itself runs once, the engine sees to that).
  const broadcastId = `broadcast:${randomUUID()}`;
  await queueMessagesFor(
    ctx.tx,
    ctx.deps.i18n,
    people.map((personId) => ({
      personId,
      dedupeKey: `${broadcastId}:${personId}`,
      build: (t) => ({ text: `${t('broadcast-header', { programme: scope.programmeName })}\n\n${text}` }),
      notBefore: ctx.now,
    })),
  );
  await recordAudit(ctx.tx, {
    programmeId: scope.programmeId,
    actorPersonId: ctx.person.id,
    action: 'broadcast.send',
    details: { audience: data.audience, recipients: people.length },
    now: ctx.now,
  });
  ctx.reply(ctx.t('broadcast-sent', { count: people.length }));
}

async function handleBroadcast(ctx: Conversation, event: InboundEvent): Promise<void> {
  const data = stepData(ctx, broadcastStep);
  if (!data) return;
  const scope = await ownScope(ctx, data.programmeId);
  if (!scope) {
    finishStep(ctx);
    return;
  }
  if (data.step === 'confirm' || (event.kind !== 'text' && event.kind !== 'unsupported')) {
    if (event.kind === 'text') ctx.reply(ctx.t('answer-error-use-buttons'));
    askBroadcast(ctx, data, (await recipients(ctx, data.programmeId, data.audience)).length);
    return;
  }
  const text = textAnswer(ctx, event, BROADCAST_MAX);
  if (text === undefined) return askBroadcast(ctx, data, 0);
  const next: BroadcastStep = { ...data, step: 'confirm', text };
  ctx.state = { flow: flowNames.broadcast, data: { ...ctx.state.data, ...next } };
  askBroadcast(ctx, next, (await recipients(ctx, data.programmeId, data.audience)).length);
}

export const broadcastFlow: Flow = {
  name: flowNames.broadcast,
  async resume(ctx) {
    const data = stepData(ctx, broadcastStep);
    if (data) askBroadcast(ctx, data, (await recipients(ctx, data.programmeId, data.audience)).length);
  },
  handle: handleBroadcast,
};
