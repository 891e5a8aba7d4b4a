// Completion in chat (stage 7). The curator ends the programme (/finish, with a confirmation) or one
// pair (/complete), or the programme's term ends (the daily job of src/reports/term-end-job.ts, whose
// texts are written here); both sides of every completed pair are asked, through the outbox, for the
// reflection, then the satisfaction questionnaire; the curator answers the SWOT questionnaire (/swot);
// mentors are nominated for an award by their mentees (after the satisfaction questionnaire) and the
// curator (/award).
import { DateTime } from 'luxon';
import { curatesMembership } from '../../src/curators/access';
import {
  activePairs,
  completePair,
  roleMembership,
  findMembership,
  finishProgramme,
  nextCompletionKey,
  nominableMentors,
  nominateMentor,
  mentorsOfMentee,
  openQuestionnaire,
  queueReflectionRequests,
  type ReflectionRequest,
  type ReflectionTarget,
} from '../../src/reports/completion';
import type { Translate } from '../../src/jobs/types';
import type { TermEndMessages, TermEnded } from '../../src/reports/term-end-job';
import { satisfactionKeys, swotKey } from '../../src/reports/summary';
import type { Conversation } from '../context';
import type { Button, OutboundMessage } from '../events';
import { encodePayload } from '../payload';
import { enterQuestionnaire } from '../questionnaire';
import { REPORTS_MODULE } from './follow-up';
import { curatorScopeOrRefuse } from './reports';

const act = (action: string, id: number) => encodePayload('act', REPORTS_MODULE, action, id);
/** How many active pairs /complete lists as buttons at once. */
const PAIRS_SHOWN = 30;

export async function askFinish(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const pairs = await activePairs(ctx.tx, scope.programmeId);
  ctx.reply(ctx.t('reports-finish-confirm', { programme: scope.programmeName, pairs: pairs.length }), [
    [{ label: ctx.t('reports-finish-yes'), payload: act('finish', scope.programmeId) }],
    [{ label: ctx.t('reports-finish-no'), payload: act('keep', scope.programmeId) }],
  ]);
}

async function finish(ctx: Conversation, programmeId: number): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  // A replayed button of another programme (or of a programme the curator no longer runs) does nothing.
  if (scope.programmeId !== programmeId) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const result = await finishProgramme(ctx.tx, { programmeId, actorPersonId: ctx.person.id, now: ctx.now, reason: ctx.t('reports-finish-reason') });
  const people = await askForReflection(ctx, result.targets, scope.programmeName);
  ctx.reply(ctx.t('reports-finished', { pairs: result.completed.length, people, proposals: result.closedProposals }));
  // The curator's own part of the monitoring: the programme's strengths and weaknesses.
  const membership = await roleMembership(ctx.tx, ctx.person.id, programmeId, 'curator');
  if (membership) await startSwot(ctx, membership.id);
}

/** Each member of the completed pairs is sent the reflection request (queued); returns how many people. */
function askForReflection(ctx: Conversation, targets: ReflectionTarget[], programme: string): Promise<number> {
  return queueReflectionRequests(ctx.tx, ctx.deps.i18n, { targets, programme, now: ctx.now, build: reflectionRequest });
}

/** The reflection request with the pair's goals and the button that opens the reflection. */
function reflectionRequest(t: Translate, request: ReflectionRequest): OutboundMessage {
  return {
    text: [
      t('reports-reflection-request', { programme: request.programme, role: request.role }),
      request.goals.length > 0 ? t('reports-reflection-goals', { goals: request.goals.map((g) => `• ${g}`).join('\n') }) : t('reports-reflection-no-goals'),
    ].join('\n\n'),
    buttons: [[{ label: t('reports-reflection-button'), payload: act('reflect', request.membershipId) }]],
  };
}

/** What the curators are told when the programme's term ended and the job finished it. */
function termEndedNotice(t: Translate, ended: TermEnded): OutboundMessage {
  return {
    text: t('reports-term-ended', {
      programme: ended.programme,
      endsOn: DateTime.fromISO(ended.endsOn).toFormat('dd.MM.yyyy'),
      pairs: ended.completedPairs,
      people: ended.peopleAsked,
      proposals: ended.closedProposals,
    }),
  };
}

/** The texts of the end-of-term job (src/reports/term-end-job.ts), wired in src/app.ts. */
export const termEndMessages: TermEndMessages = { reflectionRequest, curatorNotice: termEndedNotice };

export async function listPairsToComplete(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const pairs = await activePairs(ctx.tx, scope.programmeId);
  if (pairs.length === 0) {
    ctx.reply(ctx.t('reports-complete-none'));
    return;
  }
  const name = (n: string | null) => n ?? ctx.t('report-anonymous');
  const rows: Button[][] = pairs.slice(0, PAIRS_SHOWN).map((p) => [
    { label: ctx.t('reports-complete-pair-button', { mentors: p.mentors.map(name).join(', '), mentees: p.mentees.map(name).join(', ') }), payload: act('pairask', p.pairId) },
  ]);
  ctx.reply(ctx.t('reports-complete-choose', { count: pairs.length, shown: Math.min(PAIRS_SHOWN, pairs.length) }), rows);
}

async function askCompletePair(ctx: Conversation, pairId: number): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const pair = (await activePairs(ctx.tx, scope.programmeId)).find((p) => p.pairId === pairId);
  if (!pair) {
    ctx.reply(ctx.t('reports-pair-not-active'));
    return;
  }
  const name = (n: string | null) => n ?? ctx.t('report-anonymous');
  ctx.reply(ctx.t('reports-complete-confirm', { mentors: pair.mentors.map(name).join(', '), mentees: pair.mentees.map(name).join(', ') }), [
    [{ label: ctx.t('reports-complete-yes'), payload: act('pairdone', pairId) }],
    [{ label: ctx.t('reports-finish-no'), payload: act('keep', scope.programmeId) }],
  ]);
}

async function doCompletePair(ctx: Conversation, pairId: number): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  // completePair checks the pair belongs to the curator's programme.
  const result = await completePair(ctx.tx, { pairId, programmeId: scope.programmeId, actorPersonId: ctx.person.id, now: ctx.now, reason: ctx.t('reports-complete-reason') });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error === 'pair-error-not-found' || result.error === 'pair-error-wrong-programme' ? 'curator-only' : 'reports-pair-not-active'));
    return;
  }
  const people = await askForReflection(ctx, result.targets, scope.programmeName);
  ctx.reply(ctx.t('reports-pair-completed', { people }));
}

/** The member's "answer" button: the reflection, then the satisfaction questionnaire. */
async function reflect(ctx: Conversation, membershipId: number): Promise<void> {
  const membership = await findMembership(ctx.tx, membershipId);
  // Only one's own membership: a forged or forwarded button of someone else changes nothing.
  if (!membership || membership.personId !== ctx.person.id || membership.role === 'curator' || membership.status === 'withdrawn') {
    ctx.reply(ctx.t('reports-button-stale'));
    return;
  }
  const key = await nextCompletionKey(ctx.tx, membership);
  if (!key) {
    ctx.reply(ctx.t('reports-reflection-done'));
    return;
  }
  const opened = await openQuestionnaire(ctx.tx, ctx.deps.catalog, membership, key, ctx.now);
  if (!opened) return missingQuestionnaire(ctx, key);
  await enterQuestionnaire(ctx, opened);
}

/** The "before" satisfaction, offered after the intake. */
async function answerBefore(ctx: Conversation, membershipId: number): Promise<void> {
  const membership = await findMembership(ctx.tx, membershipId);
  if (!membership || membership.personId !== ctx.person.id || membership.role === 'curator' || membership.status === 'withdrawn') {
    ctx.reply(ctx.t('reports-button-stale'));
    return;
  }
  const key = satisfactionKeys[membership.role].before;
  const opened = await openQuestionnaire(ctx.tx, ctx.deps.catalog, membership, key, ctx.now);
  if (!opened) return missingQuestionnaire(ctx, key);
  await enterQuestionnaire(ctx, opened);
}

export async function swotCommand(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const membership = await roleMembership(ctx.tx, ctx.person.id, scope.programmeId, 'curator');
  if (!membership) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  await startSwot(ctx, membership.id);
}

async function startSwot(ctx: Conversation, membershipId: number): Promise<void> {
  const membership = await findMembership(ctx.tx, membershipId);
  if (!membership) return;
  const opened = await openQuestionnaire(ctx.tx, ctx.deps.catalog, membership, swotKey, ctx.now);
  if (!opened) return missingQuestionnaire(ctx, swotKey);
  if (opened.response.status === 'submitted') {
    ctx.reply(ctx.t('reports-swot-done'));
    return;
  }
  await enterQuestionnaire(ctx, opened);
}

async function nominateByMentee(ctx: Conversation, mentorMembershipId: number): Promise<void> {
  const mentor = await findMembership(ctx.tx, mentorMembershipId);
  const own = mentor ? await roleMembership(ctx.tx, ctx.person.id, mentor.programmeId, 'mentee') : undefined;
  // The mentor must be a mentor of one of the person's own pairs.
  const mentors = own ? await mentorsOfMentee(ctx.tx, own.id) : [];
  if (!mentor || !own || !mentors.some((m) => m.membershipId === mentorMembershipId)) {
    ctx.reply(ctx.t('reports-button-stale'));
    return;
  }
  const saved = await nominateMentor(ctx.tx, { programmeId: mentor.programmeId, mentorMembershipId, byPersonId: ctx.person.id, byRole: 'mentee', now: ctx.now });
  ctx.toast(ctx.t(saved ? 'reports-nominated' : 'reports-nominated-already'));
  ctx.reply(ctx.t(saved ? 'reports-nominated' : 'reports-nominated-already'));
}

export async function awardCommand(ctx: Conversation): Promise<void> {
  const scope = await curatorScopeOrRefuse(ctx);
  if (!scope) return;
  const mentors = await nominableMentors(ctx.tx, scope.programmeId);
  if (mentors.length === 0) {
    ctx.reply(ctx.t('reports-award-none'));
    return;
  }
  ctx.reply(
    ctx.t('reports-award-choose'),
    mentors.slice(0, PAIRS_SHOWN).map((m) => [{ label: ctx.t('reports-nominate-button', { name: m.fullName ?? ctx.t('report-anonymous') }), payload: act('cnominate', m.membershipId) }]),
  );
}

async function nominateByCurator(ctx: Conversation, mentorMembershipId: number): Promise<void> {
  const scope = await curatesMembership(ctx.tx, ctx.person.id, mentorMembershipId);
  const mentors = scope ? await nominableMentors(ctx.tx, scope.programmeId) : [];
  if (!scope || !mentors.some((m) => m.membershipId === mentorMembershipId)) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const saved = await nominateMentor(ctx.tx, { programmeId: scope.programmeId, mentorMembershipId, byPersonId: ctx.person.id, byRole: 'curator', now: ctx.now });
  ctx.toast(ctx.t(saved ? 'reports-nominated' : 'reports-nominated-already'));
  ctx.reply(ctx.t(saved ? 'reports-nominated' : 'reports-nominated-already'));
}

function missingQuestionnaire(ctx: Conversation, key: string): void {
  ctx.logger.error({ key }, 'questionnaire not shipped');
  ctx.reply(ctx.t('error-internal'));
}

/** Buttons of this module: act:reports:<action>:<id>. */
export async function completionAct(ctx: Conversation, action: string, id: number): Promise<boolean> {
  switch (action) {
    case 'finish':
      await finish(ctx, id);
      return true;
    case 'keep':
      ctx.reply(ctx.t('reports-finish-kept'));
      return true;
    case 'pairask':
      await askCompletePair(ctx, id);
      return true;
    case 'pairdone':
      await doCompletePair(ctx, id);
      return true;
    case 'reflect':
      await reflect(ctx, id);
      return true;
    case 'before':
      await answerBefore(ctx, id);
      return true;
    case 'nominate':
      await nominateByMentee(ctx, id);
      return true;
    case 'nominateskip':
      ctx.reply(ctx.t('reports-nominate-skipped'));
      return true;
    case 'cnominate':
      await nominateByCurator(ctx, id);
      return true;
    default:
      return false;
  }
}
