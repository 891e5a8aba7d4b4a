// /pairs: the programme's pairs and groups by state (proposed, active, declined, completed, ended
// early), paged; a pair's card with its members, history and the mentor's questions; ending a pair
// early with a reason (completing an active one goes through /complete's confirmation, which asks the
// members for their reflection); and growing a group by another mentee or a second mentor.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { pairStatuses, type PairStatus } from '../../db/schema';
import { curatesPair, type CuratorScope } from '../../src/curators/access';
import {
  addMember,
  endPair,
  getPair,
  listPairs,
  membershipWithName,
  pairCounts,
  pairHistory,
  pairParticipants,
  parseMemberAddedNote,
  pendingJoins,
  readyMentors,
} from '../../src/pairs/pairs';
import { candidatesForMentor, loadMatchingInput } from '../../src/pairs/profiles';
import { questionsOfPair } from '../../src/pairs/questions';
import type { Conversation, Flow } from '../context';
import type { Button, InboundEvent } from '../events';
import { encodePayload } from '../payload';
import { sendJoinRequests, sendProposal } from '../pair-confirmation';
import { REPORTS_MODULE } from '../reports/follow-up';
import { curatorPayload, type PairFilter } from './actions';
import { textAnswer } from '../text-answer';

const END_REASON_MAX = 300;
/** How many candidates a group's "add" list offers. */
const CANDIDATES_SHOWN = 10;
const STATUS_ICON: Record<PairStatus, string> = { proposed: '⏳', active: '🟢', declined: '✖️', completed: '🏁', ended_early: '⛔' };

const names = (list: (string | null)[], ctx: Conversation) => list.map((n) => n ?? ctx.t('curator-no-name')).join(', ') || '—';

export async function showPairs(ctx: Conversation, scope: CuratorScope, filter: PairFilter, page: number, edit: boolean): Promise<void> {
  const counts = await pairCounts(ctx.tx, scope.programmeId);
  const result = await listPairs(ctx.tx, { programmeId: scope.programmeId, status: filter === 'all' ? undefined : filter, page });
  const filters: PairFilter[] = ['all', ...pairStatuses];
  const filterRows: Button[][] = [];
  for (let i = 0; i < filters.length; i += 3) {
    filterRows.push(
      filters.slice(i, i + 3).map((f) => ({
        label: `${f === filter ? '• ' : ''}${ctx.t('pairs-filter', { filter: f })}`,
        payload: curatorPayload({ kind: 'pairs', filter: f, page: 0 }, scope.programmeId),
      })),
    );
  }
  const title = ctx.t('pairs-title', {
    total: [...counts.values()].reduce((a, n) => a + n, 0),
    proposed: counts.get('proposed') ?? 0,
    active: counts.get('active') ?? 0,
    declined: counts.get('declined') ?? 0,
    completed: counts.get('completed') ?? 0,
    ended: counts.get('ended_early') ?? 0,
  });
  if (result.total === 0) {
    ctx.reply(`${title}\n\n${ctx.t('pairs-none', { filter: ctx.t('pairs-filter', { filter }) })}`, filterRows, { edit });
    return;
  }
  const rows: Button[][] = result.rows.map((r) => [
    { label: `${STATUS_ICON[r.pair.status]} ${names(r.mentors, ctx)} → ${names(r.mentees, ctx)}`, payload: curatorPayload({ kind: 'pair' }, r.pair.id) },
  ]);
  const nav: Button[] = [];
  if (page > 0) nav.push({ label: '⬅️', payload: curatorPayload({ kind: 'pairs', filter, page: page - 1 }, scope.programmeId) });
  if (page + 1 < result.pages) nav.push({ label: '➡️', payload: curatorPayload({ kind: 'pairs', filter, page: page + 1 }, scope.programmeId) });
  if (nav.length > 0) rows.push(nav);
  rows.push(...filterRows);
  const shown = ctx.t('pairs-page', { filter: ctx.t('pairs-filter', { filter }), count: result.total, page: page + 1, pages: result.pages });
  ctx.reply(`${title}\n${shown}`, rows, { edit });
}

/** The pair's card; the caller has checked that the presser curates the pair's programme. */
export async function showPairCard(ctx: Conversation, scope: CuratorScope, pairId: number): Promise<void> {
  const pair = await getPair(ctx.tx, pairId);
  if (!pair || pair.programmeId !== scope.programmeId) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const members = await pairParticipants(ctx.tx, pairId);
  const joins = await pendingJoins(ctx.tx, pairId);
  const history = await pairHistory(ctx.tx, pairId);
  const questions = await questionsOfPair(ctx.tx, pairId);
  const when = (at: Date) => DateTime.fromJSDate(at).setZone(scope.timezone).toFormat('dd.MM.yyyy HH:mm');
  const nameOf = async (membershipId: number) =>
    members.find((m) => m.membershipId === membershipId)?.fullName ?? (await membershipWithName(ctx.tx, membershipId))?.fullName ?? '—';
  const creator = pair.createdByPersonId === null ? undefined : members.find((m) => m.personId === pair.createdByPersonId);
  const lines = [
    ctx.t('pair-card-title', { id: pair.id, group: members.length > 2 || joins.length > 0 ? 'yes' : 'no', status: pair.status }),
    ctx.t(creator ? 'pair-card-chosen-by' : 'pair-card-created', { at: when(pair.createdAt), name: creator?.fullName ?? '—' }),
  ];
  const mentorsFirst = [...members].sort((a, b) => (a.role === b.role ? 0 : a.role === 'mentor' ? -1 : 1));
  for (const m of mentorsFirst) {
    lines.push(ctx.t('pair-card-member', { name: m.fullName ?? ctx.t('curator-no-name'), role: m.role, decision: pair.status === 'proposed' ? m.decision : 'none' }));
  }
  for (const j of joins) {
    const deciders = members.length + 1;
    lines.push(ctx.t('pair-card-joining', { name: j.fullName ?? ctx.t('curator-no-name'), role: j.join.role, confirmed: j.join.confirmedBy.length, total: deciders }));
  }
  if (pair.score !== null) lines.push(ctx.t('pair-card-score', { score: pair.score }));
  if (pair.endReason && pair.status !== 'active' && pair.status !== 'proposed') lines.push(ctx.t('pair-card-reason', { reason: pair.endReason }));
  lines.push('', ctx.t('pair-card-history'));
  for (const event of history) {
    const added = event.fromStatus === event.toStatus ? parseMemberAddedNote(event.note) : undefined;
    const text = added
      ? ctx.t('pair-history-added', { name: await nameOf(added.membershipId), role: added.role })
      : `${ctx.t('pair-history-status', { status: event.toStatus })}${event.note ? `: ${event.note}` : ''}`;
    lines.push(`${when(event.at)} — ${text}`);
  }
  if (questions.length > 0) {
    lines.push('', ctx.t('pair-card-questions'));
    for (const q of questions) {
      lines.push(ctx.t('pair-card-question', { from: await nameOf(q.fromMembershipId), to: await nameOf(q.toMembershipId), question: q.question }));
      lines.push(q.answer === null ? ctx.t('pair-card-no-answer') : ctx.t('pair-card-answer', { answer: q.answer }));
    }
  }
  const rows: Button[][] = [];
  if (pair.status === 'proposed' || pair.status === 'active') {
    const add: Button[] = [{ label: ctx.t('pair-button-add-mentee'), payload: curatorPayload({ kind: 'addmentee' }, pairId) }];
    const mentors = members.filter((m) => m.role === 'mentor').length + joins.filter((j) => j.join.role === 'mentor').length;
    if (mentors < 2) add.push({ label: ctx.t('pair-button-add-mentor'), payload: curatorPayload({ kind: 'addmentor' }, pairId) });
    rows.push(add);
    if (pair.status === 'active') rows.push([{ label: ctx.t('pair-button-complete'), payload: encodePayload('act', REPORTS_MODULE, 'pairask', pairId) }]);
    rows.push([{ label: ctx.t(pair.status === 'active' ? 'pair-button-end' : 'pair-button-withdraw'), payload: curatorPayload({ kind: 'pairend' }, pairId) }]);
  }
  rows.push([{ label: ctx.t('pair-button-back'), payload: curatorPayload({ kind: 'pairs', filter: 'all', page: 0 }, scope.programmeId) }]);
  ctx.reply(lines.join('\n'), rows);
}

// ——— Ending a pair early: the reason is typed, the members are told, the mentees are unpaired again ———

const endSchema = z.object({ pairId: z.number().int() });

export async function askEndReason(ctx: Conversation, scope: CuratorScope, pairId: number): Promise<void> {
  const pair = await getPair(ctx.tx, pairId);
  if (!pair || pair.programmeId !== scope.programmeId) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  if (pair.status !== 'proposed' && pair.status !== 'active') {
    ctx.reply(ctx.t('pair-error-not-open'));
    return;
  }
  ctx.enter(pairEndFlow.name, { pairId });
  ctx.reply(ctx.t('pair-end-prompt', { max: END_REASON_MAX }));
}

async function handleEnd(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = endSchema.safeParse(ctx.state.data);
  // Checked again at the moment of ending: the curator may have lost the role since.
  const scope = parsed.success ? await curatesPair(ctx.tx, ctx.person.id, parsed.data.pairId) : undefined;
  if (!parsed.success || !scope) {
    ctx.leave();
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const reason = textAnswer(ctx, event, END_REASON_MAX, () => ctx.reply(ctx.t('pair-end-prompt', { max: END_REASON_MAX })));
  if (reason === undefined) return;
  const { pairId } = parsed.data;
  const result = await endPair(ctx.tx, { pairId, programmeId: scope.programmeId, how: 'ended_early', reason, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.leave();
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const members = await pairParticipants(ctx.tx, pairId);
  for (const member of members) {
    ctx.notify(member.personId, (t) => ({ text: t('pair-ended-early-member', { programme: scope.programmeName, role: member.role }) }));
  }
  ctx.reply(ctx.t('pair-ended-early-done', { names: members.map((m) => m.fullName ?? '—').join(', ') }));
  await showPairCard(ctx, scope, pairId);
}

export const pairEndFlow: Flow = {
  name: 'curator-pair-end',
  async resume(ctx) {
    ctx.reply(ctx.t('pair-end-prompt', { max: END_REASON_MAX }));
  },
  handle: handleEnd,
};

// ——— Growing a group ———

/** Candidates to add: unpaired mentees (best for the group's mentor first), or ready mentors. */
export async function showAddCandidates(ctx: Conversation, scope: CuratorScope, pairId: number, role: 'mentee' | 'mentor'): Promise<void> {
  const pair = await getPair(ctx.tx, pairId);
  if (!pair || pair.programmeId !== scope.programmeId) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  if (pair.status !== 'proposed' && pair.status !== 'active') {
    ctx.reply(ctx.t('pair-error-not-open'));
    return;
  }
  const members = await pairParticipants(ctx.tx, pairId);
  const inPair = new Set(members.map((m) => m.membershipId));
  let candidates: { id: number; label: string }[];
  if (role === 'mentee') {
    const input = await loadMatchingInput(ctx.tx, scope.programmeId);
    const mentor = members.find((m) => m.role === 'mentor');
    const ranked = mentor ? candidatesForMentor(input, mentor.membershipId, CANDIDATES_SHOWN) : [];
    const rankedIds = new Set(ranked.map((s) => s.menteeId));
    candidates = [
      ...ranked.map((s) => ({ id: s.menteeId, label: `${input.names.get(s.menteeId) ?? '—'} (${s.score})` })),
      ...input.mentees.filter((m) => !rankedIds.has(m.id)).map((m) => ({ id: m.id, label: input.names.get(m.id) ?? '—' })),
    ].slice(0, CANDIDATES_SHOWN);
  } else {
    candidates = (await readyMentors(ctx.tx, scope.programmeId))
      .filter((m) => !inPair.has(m.membershipId))
      .slice(0, CANDIDATES_SHOWN)
      .map((m) => ({ id: m.membershipId, label: m.fullName ?? ctx.t('curator-no-name') }));
  }
  if (candidates.length === 0) {
    ctx.reply(ctx.t(role === 'mentee' ? 'pair-add-no-mentees' : 'curator-no-ready-mentors'));
    return;
  }
  const rows: Button[][] = candidates.map((c) => [{ label: `➕ ${c.label}`, payload: encodePayload('member', pairId, c.id) }]);
  rows.push([{ label: ctx.t('pair-button-back-card'), payload: curatorPayload({ kind: 'pair' }, pairId) }]);
  ctx.reply(ctx.t('pair-add-choose', { role, names: members.map((m) => m.fullName ?? '—').join(', ') }), rows);
}

/** The curator picked whom to add (payload member:<pair>:<membership>). */
export async function addToPair(ctx: Conversation, scope: CuratorScope, pairId: number, membershipId: number): Promise<void> {
  const newcomer = await membershipWithName(ctx.tx, membershipId);
  if (!newcomer || newcomer.programmeId !== scope.programmeId || newcomer.role === 'curator') {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const result = await addMember(ctx.tx, { pairId, programmeId: scope.programmeId, membershipId, role: newcomer.role, actorPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const name = newcomer.fullName ?? '—';
  if (result.value.kind === 'added') {
    await sendProposal(ctx, pairId, scope.programmeName, 'changed');
    ctx.reply(ctx.t('pair-member-added-proposed', { name }));
  } else {
    await sendJoinRequests(ctx, result.value.join.id);
    ctx.reply(ctx.t('pair-member-joining', { name }));
  }
  await showPairCard(ctx, scope, pairId);
}
