// Forming a pair: the curator proposes, each member sees who the other is and what they asked for,
// and confirms or declines with a reason. When all confirm, everyone gets the others' contacts;
// a decline goes back to the curator with the reason and the mentee returns to the unpaired base.
import { z } from 'zod';
import { preferredIdentity } from '../db/queries/people';
import { findResponsesOfMembership } from '../db/queries/questionnaires';
import type { CuratorScope } from '../src/curators/access';
import { decideOnPair, getPair, pairParticipants, proposePair } from '../src/pairs/pairs';
import { loadAnswers } from '../src/questionnaires/responses';
import type { Conversation, Flow } from './context';
import type { InboundEvent } from './events';
import { encodePayload } from './payload';
import { formatAnswer, resolveOptions } from './questionnaire-view';

const DECLINE_REASON_MAX = 300;
const declineSchema = z.object({ pairId: z.number().int(), membershipId: z.number().int() });

/** What a mentee asked for, in the words of their intake (requests and goals), per recipient language. */
async function menteeRequests(ctx: Conversation, membershipId: number) {
  const [latest] = await findResponsesOfMembership(ctx.tx, membershipId);
  const entry = latest ? ctx.deps.catalog.byId(latest.response.questionnaireId) : undefined;
  if (!latest || !entry) return () => '';
  const answers = await loadAnswers(ctx.tx, latest.response.id);
  return (t: (key: string) => string) =>
    entry.definition.questions
      .filter((q) => ['requests', 'goals', 'format', 'free_time'].includes(q.id) && answers.has(q.id))
      .map((q) => {
        const value = answers.get(q.id);
        return value ? `• ${t(q.summaryLabel ?? q.prompt)}: ${formatAnswer(q, value, resolveOptions(q, null, t), t)}` : '';
      })
      .filter(Boolean)
      .join('\n');
}

export async function proposeByCurator(ctx: Conversation, scope: CuratorScope, menteeMembershipId: number, mentorMembershipId: number) {
  const result = await proposePair(ctx.tx, {
    programmeId: scope.programmeId,
    mentorMembershipIds: [mentorMembershipId],
    menteeMembershipIds: [menteeMembershipId],
    actorPersonId: ctx.person.id,
    now: ctx.now,
  });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const pair = result.value;
  const members = await pairParticipants(ctx.tx, pair.id);
  const requests = new Map<number, (t: (key: string) => string) => string>();
  for (const m of members) if (m.role === 'mentee') requests.set(m.membershipId, await menteeRequests(ctx, m.membershipId));
  for (const member of members) {
    const others = members.filter((o) => o.membershipId !== member.membershipId);
    ctx.notify(member.personId, (t) => ({
      text: [
        t('pair-proposal', { programme: scope.programmeName, role: member.role }),
        ...others.map((o) => {
          const asked = requests.get(o.membershipId)?.(t);
          return `${t('pair-member-line', { name: o.fullName ?? '—', role: o.role })}${asked ? `\n${asked}` : ''}`;
        }),
        t('pair-proposal-question'),
      ].join('\n\n'),
      buttons: [
        [{ label: t('pair-confirm-button'), payload: encodePayload('pair', pair.id, 'yes') }],
        [{ label: t('pair-decline-button'), payload: encodePayload('pair', pair.id, 'no') }],
      ],
    }));
  }
  ctx.reply(ctx.t('pair-proposed', { names: members.map((m) => m.fullName ?? '—').join(', ') }));
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
  const contacts = new Map<number, string>();
  for (const m of members) contacts.set(m.personId, await contactOf(ctx, m.personId));
  for (const member of members) {
    const others = members.filter((o) => o.personId !== member.personId);
    ctx.notify(member.personId, (t) => ({
      text: [
        t('pair-active'),
        ...others.map((o) => `${t('pair-member-line', { name: o.fullName ?? '—', role: o.role })}\n${contacts.get(o.personId) ?? '—'}`),
      ].join('\n\n'),
    }));
  }
  if (pair.createdByPersonId) {
    ctx.notify(pair.createdByPersonId, (t) => ({ text: t('pair-active-curator', { names: members.map((m) => m.fullName ?? '—').join(', ') }) }));
  }
}

async function handleDecline(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = declineSchema.safeParse(ctx.state.data);
  if (!parsed.success) {
    ctx.leave();
    return;
  }
  if (event.kind !== 'text') {
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
    return;
  }
  const reason = event.text.trim();
  if (!reason || [...reason].length > DECLINE_REASON_MAX) {
    ctx.reply(ctx.t(reason ? 'answer-error-too-long' : 'answer-error-empty', { max: DECLINE_REASON_MAX, length: [...reason].length }));
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
    return;
  }
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
  const { pair } = result.value;
  if (pair.createdByPersonId) {
    const who = members.find((m) => m.personId === ctx.person.id)?.fullName ?? '—';
    ctx.notify(pair.createdByPersonId, (t) => ({ text: t('pair-declined-curator', { name: who, reason }) }));
  }
}

export const pairDeclineFlow: Flow = {
  name: 'pair-decline',
  async resume(ctx) {
    ctx.reply(ctx.t('pair-decline-reason', { max: DECLINE_REASON_MAX }));
  },
  handle: handleDecline,
};
