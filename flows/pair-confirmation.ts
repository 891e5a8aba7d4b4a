// Forming a pair: the curator proposes (or a mentee chooses, with self-matching), each member sees
// who the others are and what the mentees asked for, and confirms or declines with a reason; a mentor
// may first ask a mentee a question ("request more info") and gets the answer relayed. When all
// confirm, everyone gets the others' contacts; a decline goes back to the curator with the reason and
// the mentee returns to the unpaired base. A group grows the same way: a newcomer to an active pair
// joins once they and every member confirm.
import { z } from 'zod';
import { preferredIdentity } from '../db/queries/people';
import type { Pair } from '../db/schema';
import { programmeCurators, type CuratorScope } from '../src/curators/access';
import {
  decideOnJoin,
  decideOnPair,
  getJoin,
  getPair,
  membershipIdsOfPerson,
  membershipWithName,
  pairMemberRow,
  pairParticipants,
  proposePair,
} from '../src/pairs/pairs';
import { intakeAnswers } from '../src/pairs/profiles';
import { answerQuestion, askQuestion, getQuestion, QUESTION_MAX, questionTarget } from '../src/pairs/questions';
import { getProgramme } from '../src/programmes/programmes';
import type { Conversation, Flow } from './context';
import type { Button, InboundEvent } from './events';
import { encodePayload } from './payload';
import { formatAnswer, resolveOptions } from './questionnaire-view';
import { onPairActivated } from './meetings/activation';
import { textAnswer } from './text-answer';

const DECLINE_REASON_MAX = 300;
/** The flow's state in flow_states (exported for the consistency checks of the reliability tests). */
export const declineSchema = z.object({ pairId: z.number().int(), membershipId: z.number().int() });
const joinDeclineSchema = z.object({ joinId: z.number().int(), membershipId: z.number().int() });
const askSchema = z.object({ menteeMemberId: z.number().int() });
const answerSchema = z.object({ questionId: z.number().int() });

/** The module token of the members' buttons (preferences, self-matching, questions, joins). */
export const PAIRING_MODULE = 'pairing';
export const pairingPayload = (action: string, id: number): string => encodePayload('act', PAIRING_MODULE, action, id);

type Translate = (key: string, args?: Record<string, string | number>) => string;

/** What a mentee asked for, in the words of their intake (requests and goals), per recipient language. */
async function menteeRequests(ctx: Conversation, membershipId: number): Promise<(t: Translate) => string> {
  const answers = (await intakeAnswers(ctx.tx, [membershipId])).get(membershipId);
  const entry = ctx.deps.catalog.intakeFor('mentee');
  if (!answers || !entry) return () => '';
  return (t) =>
    entry.definition.questions
      .filter((q) => ['requests', 'goals', 'format', 'free_time'].includes(q.id) && answers.has(q.id))
      .map((q) => {
        const value = answers.get(q.id);
        return value ? `• ${t(q.summaryLabel ?? q.prompt)}: ${formatAnswer(q, value, resolveOptions(q, null, t), t)}` : '';
      })
      .filter(Boolean)
      .join('\n');
}

type Member = Awaited<ReturnType<typeof pairParticipants>>[number];

/** A member as the others see them: name and role, then what follows (their requests, their contact). */
function memberLine(t: Translate, member: { fullName: string | null; role: string }, below?: string): string {
  return `${t('pair-member-line', { name: member.fullName ?? '—', role: member.role })}${below ? `\n${below}` : ''}`;
}

async function describeMembers(ctx: Conversation, members: Member[]): Promise<(t: Translate, except: number) => string[]> {
  const requests = new Map<number, (t: Translate) => string>();
  for (const m of members) if (m.role === 'mentee') requests.set(m.membershipId, await menteeRequests(ctx, m.membershipId));
  return (t, except) =>
    members
      .filter((o) => o.membershipId !== except)
      .map((o) => memberLine(t, o, requests.get(o.membershipId)?.(t)));
}

/** The buttons of a proposal for one member: confirm, decline and, for a mentor, a question to each mentee. */
function proposalButtons(t: Translate, pairId: number, member: Member, members: Member[]): Button[][] {
  const rows: Button[][] = [
    [{ label: t('pair-confirm-button'), payload: encodePayload('pair', pairId, 'yes') }],
    [{ label: t('pair-decline-button'), payload: encodePayload('pair', pairId, 'no') }],
  ];
  if (member.role === 'mentor') {
    for (const mentee of members.filter((m) => m.role === 'mentee')) {
      rows.push([{ label: t('pair-ask-button', { name: mentee.fullName ?? '—' }), payload: pairingPayload('ask', mentee.memberId) }]);
    }
  }
  return rows;
}

export type ProposalKind = 'curator' | 'chosen' | 'changed';

/** Sends the proposal to every member of the pair who has not decided yet. */
export async function sendProposal(ctx: Conversation, pairId: number, programme: string, kind: ProposalKind): Promise<Member[]> {
  const members = await pairParticipants(ctx.tx, pairId);
  const others = await describeMembers(ctx, members);
  const intro = { curator: 'pair-proposal', chosen: 'pair-proposal-chosen', changed: 'pair-proposal-changed' }[kind];
  for (const member of members.filter((m) => m.decision === 'pending')) {
    ctx.notify(member.personId, (t) => ({
      text: [t(intro, { programme, role: member.role }), ...others(t, member.membershipId), t('pair-proposal-question')].join('\n\n'),
      buttons: proposalButtons(t, pairId, member, members),
    }));
  }
  return members;
}

export async function proposeByCurator(
  ctx: Conversation,
  scope: CuratorScope,
  menteeMembershipId: number,
  mentorMembershipId: number,
  suggestion?: { score: number; reasons: unknown[] },
) {
  const result = await proposePair(ctx.tx, {
    programmeId: scope.programmeId,
    mentorMembershipIds: [mentorMembershipId],
    menteeMembershipIds: [menteeMembershipId],
    score: suggestion?.score,
    reasons: suggestion?.reasons,
    actorPersonId: ctx.person.id,
    now: ctx.now,
  });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const members = await sendProposal(ctx, result.value.id, scope.programmeName, 'curator');
  ctx.reply(ctx.t('pair-proposed', { names: members.map((m) => m.fullName ?? '—').join(', ') }));
}

/**
 * Who hears how a pair turned out: the curator who proposed it while they still curate the
 * programme; otherwise (a pair a mentee chose, a curator who left) every curator of the programme.
 */
export async function curatorsToTell(ctx: Conversation, pair: Pick<Pair, 'programmeId' | 'createdByPersonId'>): Promise<number[]> {
  const curators = await programmeCurators(ctx.tx, pair.programmeId);
  if (pair.createdByPersonId !== null && curators.includes(pair.createdByPersonId)) return [pair.createdByPersonId];
  return curators;
}

/** Each member's contact, by person id. */
async function contactsOf(ctx: Conversation, members: Member[]): Promise<Map<number, string>> {
  const contacts = new Map<number, string>();
  for (const m of members) contacts.set(m.personId, await contactOf(ctx, m.personId));
  return contacts;
}

async function contactOf(ctx: Conversation, personId: number): Promise<string> {
  const identity = await preferredIdentity(ctx.tx, personId);
  if (!identity) return '—';
  if (identity.platform === 'telegram') return `tg://user?id=${identity.externalId}`;
  if (identity.platform === 'vk') return `https://vk.com/id${identity.externalId}`;
  return identity.externalId;
}

/** A member's answer to a proposal. */
export async function answerProposal(ctx: Conversation, pairId: number, answer: 'yes' | 'no'): Promise<void> {
  const members = await pairParticipants(ctx.tx, pairId);
  const mine = members.find((m) => m.personId === ctx.person.id);
  const pair = await getPair(ctx.tx, pairId);
  if (!mine || !pair) {
    ctx.reply(ctx.t('pair-error-not-member'));
    return;
  }
  if (pair.status !== 'proposed' || mine.decision !== 'pending') {
    ctx.reply(ctx.t('pair-error-not-proposed'));
    return;
  }
  if (answer === 'no') {
    ctx.enter(pairDeclineFlow.name, { pairId, membershipId: mine.membershipId });
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
    return;
  }
  const result = await decideOnPair(ctx.tx, { pairId, membershipId: mine.membershipId, decision: 'confirmed', actorPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  if (result.value.outcome === 'waiting') {
    ctx.reply(ctx.t('pair-confirmed-waiting'));
    return;
  }
  // Everyone confirmed: the pair is active and each member gets the others' contacts.
  const contacts = await contactsOf(ctx, members);
  for (const member of members) {
    const others = members.filter((o) => o.personId !== member.personId);
    ctx.notify(member.personId, (t) => ({
      text: [
        t('pair-active'),
        ...others.map((o) => memberLine(t, o, contacts.get(o.personId) ?? '—')),
      ].join('\n\n'),
    }));
  }
  for (const curator of await curatorsToTell(ctx, pair)) {
    ctx.notify(curator, (t) => ({ text: t('pair-active-curator', { names: members.map((m) => m.fullName ?? '—').join(', ') }) }));
  }
  // Pair work starts: the mentor is invited to plan and propose a first meeting, the watch is set.
  await onPairActivated(ctx, pairId);
}

async function handleDecline(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = declineSchema.safeParse(ctx.state.data);
  if (!parsed.success) {
    ctx.leave();
    return;
  }
  const reason = textAnswer(ctx, event, DECLINE_REASON_MAX, () => ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX })));
  if (reason === undefined) return;
  const { pairId, membershipId } = parsed.data;
  const result = await decideOnPair(ctx.tx, { pairId, membershipId, decision: 'declined', reason, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.leave();
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  ctx.reply(ctx.t('pair-declined-you'));
  const members = await pairParticipants(ctx.tx, pairId);
  for (const other of members.filter((m) => m.personId !== ctx.person.id)) {
    ctx.notify(other.personId, (t) => ({ text: t('pair-declined-other') }));
  }
  const who = members.find((m) => m.personId === ctx.person.id)?.fullName ?? '—';
  for (const curator of await curatorsToTell(ctx, result.value.pair)) {
    ctx.notify(curator, (t) => ({ text: t('pair-declined-curator', { name: who, reason }) }));
  }
}

export const pairDeclineFlow: Flow = {
  name: 'pair-decline',
  async resume(ctx) {
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
  },
  handle: handleDecline,
};

// ——— A group grows: a newcomer joins an active pair once they and every member confirm ———

/** Asks the newcomer and every member of the active pair to confirm the join. */
export async function sendJoinRequests(ctx: Conversation, joinId: number): Promise<void> {
  const join = await getJoin(ctx.tx, joinId);
  const pair = join ? await getPair(ctx.tx, join.pairId) : undefined;
  const newcomer = join ? await membershipWithName(ctx.tx, join.membershipId) : undefined;
  if (!join || !pair || !newcomer) return;
  const programme = (await getProgramme(ctx.tx, pair.programmeId))?.programme.name ?? '—';
  const members = await pairParticipants(ctx.tx, pair.id);
  const describe = await describeMembers(ctx, members);
  const newcomerRequests = join.role === 'mentee' ? await menteeRequests(ctx, join.membershipId) : () => '';
  const buttons = (t: Translate): Button[][] => [
    [{ label: t('pair-confirm-button'), payload: pairingPayload('joinyes', joinId) }],
    [{ label: t('pair-decline-button'), payload: pairingPayload('joinno', joinId) }],
  ];
  ctx.notify(newcomer.personId, (t) => ({
    text: [t('pair-join-invite', { programme, role: join.role }), ...describe(t, -1), t('pair-proposal-question')].join('\n\n'),
    buttons: buttons(t),
  }));
  for (const member of members) {
    ctx.notify(member.personId, (t) => {
      return {
        text: [
          t('pair-join-ask', { programme }),
          memberLine(t, { fullName: newcomer.fullName, role: join.role }, newcomerRequests(t)),
          t('pair-proposal-question'),
        ].join('\n\n'),
        buttons: buttons(t),
      };
    });
  }
}

/** The newcomer or a member answers a join request. */
export async function answerJoin(ctx: Conversation, joinId: number, answer: 'yes' | 'no'): Promise<void> {
  const join = await getJoin(ctx.tx, joinId);
  const members = join ? await pairParticipants(ctx.tx, join.pairId) : [];
  const own = await membershipIdsOfPerson(ctx.tx, ctx.person.id);
  const deciders = join ? [join.membershipId, ...members.map((m) => m.membershipId)] : [];
  const mine = deciders.find((id) => own.includes(id));
  if (!join || mine === undefined) {
    ctx.reply(ctx.t('pair-error-not-member'));
    return;
  }
  if (join.status !== 'pending' || join.confirmedBy.includes(mine)) {
    ctx.reply(ctx.t('pair-error-not-proposed'));
    return;
  }
  if (answer === 'no') {
    ctx.enter(joinDeclineFlow.name, { joinId, membershipId: mine });
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
    return;
  }
  const result = await decideOnJoin(ctx.tx, { joinId, membershipId: mine, decision: 'confirmed', actorPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  if (result.value.outcome === 'waiting') {
    ctx.reply(ctx.t('pair-confirmed-waiting'));
    return;
  }
  // Everyone agreed: the newcomer gets every member's contact, each member the newcomer's.
  const all = await pairParticipants(ctx.tx, join.pairId);
  const newcomer = all.find((m) => m.membershipId === join.membershipId);
  if (!newcomer) return;
  const contacts = await contactsOf(ctx, all);
  const line = (t: Translate, m: Member) => memberLine(t, m, contacts.get(m.personId) ?? '—');
  ctx.notify(newcomer.personId, (t) => ({ text: [t('pair-join-active'), ...all.filter((m) => m !== newcomer).map((m) => line(t, m))].join('\n\n') }));
  for (const member of all.filter((m) => m !== newcomer)) {
    ctx.notify(member.personId, (t) => ({ text: [t('pair-join-active-member'), line(t, newcomer)].join('\n\n') }));
  }
  for (const curator of await curatorsToTell(ctx, { programmeId: result.value.pair.programmeId, createdByPersonId: join.createdByPersonId })) {
    ctx.notify(curator, (t) => ({ text: t('pair-join-active-curator', { name: newcomer.fullName ?? '—', names: all.map((m) => m.fullName ?? '—').join(', ') }) }));
  }
}

async function handleJoinDecline(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = joinDeclineSchema.safeParse(ctx.state.data);
  if (!parsed.success) {
    ctx.leave();
    return;
  }
  const reason = textAnswer(ctx, event, DECLINE_REASON_MAX, () => ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX })));
  if (reason === undefined) return;
  const { joinId, membershipId } = parsed.data;
  const result = await decideOnJoin(ctx.tx, { joinId, membershipId, decision: 'declined', reason, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.leave();
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  ctx.reply(ctx.t('pair-declined-you'));
  const { join, pair } = result.value;
  const members = await pairParticipants(ctx.tx, pair.id);
  const newcomer = await membershipWithName(ctx.tx, join.membershipId);
  const name = newcomer?.fullName ?? '—';
  for (const person of [...members.map((m) => m.personId), ...(newcomer ? [newcomer.personId] : [])]) {
    if (person !== ctx.person.id) ctx.notify(person, (t) => ({ text: t('pair-join-declined-other', { name }) }));
  }
  const who = (await membershipWithName(ctx.tx, membershipId))?.fullName ?? '—';
  for (const curator of await curatorsToTell(ctx, { programmeId: pair.programmeId, createdByPersonId: join.createdByPersonId })) {
    ctx.notify(curator, (t) => ({ text: t('pair-join-declined-curator', { who, name, reason }) }));
  }
}

export const joinDeclineFlow: Flow = {
  name: 'pair-join-decline',
  async resume(ctx) {
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
  },
  handle: handleJoinDecline,
};

// ——— "Request more info": a mentor asks a mentee a question before deciding ———

/** The mentor pressed "ask": the question is typed next. */
export async function startQuestion(ctx: Conversation, menteeMemberId: number): Promise<void> {
  const found = await questionTarget(ctx.tx, { menteeMemberId, askerMembershipIds: await membershipIdsOfPerson(ctx.tx, ctx.person.id) });
  if (!found.ok) {
    ctx.reply(ctx.t(found.error));
    return;
  }
  const mentee = await pairMemberRow(ctx.tx, menteeMemberId);
  ctx.enter(pairAskFlow.name, { menteeMemberId });
  ctx.reply(ctx.t('pair-ask-prompt', { name: mentee?.fullName ?? '—', max: QUESTION_MAX }));
}

async function handleAsk(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = askSchema.safeParse(ctx.state.data);
  if (!parsed.success) {
    ctx.leave();
    return;
  }
  const { menteeMemberId } = parsed.data;
  const mentee = await pairMemberRow(ctx.tx, menteeMemberId);
  const question = textAnswer(ctx, event, QUESTION_MAX, () => ctx.reply(ctx.t('pair-ask-prompt', { name: mentee?.fullName ?? '—', max: QUESTION_MAX })));
  if (question === undefined) return;
  const result = await askQuestion(ctx.tx, { menteeMemberId, askerMembershipIds: await membershipIdsOfPerson(ctx.tx, ctx.person.id), question, now: ctx.now });
  ctx.leave();
  if (!result.ok || !mentee) {
    ctx.reply(ctx.t(result.ok ? 'pair-error-not-member' : result.error));
    return;
  }
  const mentor = ctx.person.fullName ?? '—';
  ctx.notify(mentee.personId, (t) => ({
    text: t('pair-question-to-mentee', { name: mentor, question }),
    buttons: [[{ label: t('pair-answer-button'), payload: pairingPayload('reply', result.value.id) }]],
  }));
  ctx.reply(ctx.t('pair-ask-sent', { name: mentee.fullName ?? '—' }));
}

export const pairAskFlow: Flow = {
  name: 'pair-ask',
  async resume(ctx) {
    const parsed = askSchema.safeParse(ctx.state.data);
    const mentee = parsed.success ? await pairMemberRow(ctx.tx, parsed.data.menteeMemberId) : undefined;
    ctx.reply(ctx.t('pair-ask-prompt', { name: mentee?.fullName ?? '—', max: QUESTION_MAX }));
  },
  handle: handleAsk,
};

/** The mentee pressed "answer": the answer is typed next. */
export async function startAnswer(ctx: Conversation, questionId: number): Promise<void> {
  const question = await getQuestion(ctx.tx, questionId);
  const own = await membershipIdsOfPerson(ctx.tx, ctx.person.id);
  if (!question || !own.includes(question.toMembershipId)) {
    ctx.reply(ctx.t('pair-error-not-member'));
    return;
  }
  const pair = await getPair(ctx.tx, question.pairId);
  if (question.answer !== null || pair?.status !== 'proposed') {
    ctx.reply(ctx.t(question.answer !== null ? 'question-error-answered' : 'pair-error-not-proposed'));
    return;
  }
  ctx.enter(pairAnswerFlow.name, { questionId });
  ctx.reply(ctx.t('pair-answer-prompt', { question: question.question, max: QUESTION_MAX }));
}

async function handleAnswer(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = answerSchema.safeParse(ctx.state.data);
  const question = parsed.success ? await getQuestion(ctx.tx, parsed.data.questionId) : undefined;
  if (!parsed.success || !question) {
    ctx.leave();
    return;
  }
  const answer = textAnswer(ctx, event, QUESTION_MAX, () => ctx.reply(ctx.t('pair-answer-prompt', { question: question.question, max: QUESTION_MAX })));
  if (answer === undefined) return;
  const result = await answerQuestion(ctx.tx, { questionId: question.id, answererMembershipIds: await membershipIdsOfPerson(ctx.tx, ctx.person.id), answer, now: ctx.now });
  ctx.leave();
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  // The mentor gets the answer with the proposal's buttons again: confirm, decline or ask more.
  const members = await pairParticipants(ctx.tx, question.pairId);
  const mentor = members.find((m) => m.membershipId === question.fromMembershipId);
  if (mentor) {
    const name = ctx.person.fullName ?? '—';
    ctx.notify(mentor.personId, (t) => ({
      text: t('pair-answer-to-mentor', { name, question: question.question, answer }),
      buttons: proposalButtons(t, question.pairId, mentor, members),
    }));
  }
  ctx.reply(ctx.t('pair-answer-sent'));
}

export const pairAnswerFlow: Flow = {
  name: 'pair-answer',
  async resume(ctx) {
    const parsed = answerSchema.safeParse(ctx.state.data);
    const question = parsed.success ? await getQuestion(ctx.tx, parsed.data.questionId) : undefined;
    if (!question) {
      ctx.leave();
      return;
    }
    ctx.reply(ctx.t('pair-answer-prompt', { question: question.question, max: QUESTION_MAX }));
  },
  handle: handleAnswer,
};
