// Self-matching (a programme setting): a mentee without a pair sees short cards of their top three
// suggested mentors and chooses one; the choice is the mentee's confirmation, the mentor then
// confirms or declines as with any proposal, and the programme's curators are told of every step.
import { findMembership } from '../../db/queries/memberships';
import { recordAudit } from '../../src/audit/audit';
import { programmeCurators } from '../../src/curators/access';
import { decideOnPair, membershipWithName, proposePair } from '../../src/pairs/pairs';
import { candidatesForMentee, intakeAnswers, loadMatchingInput } from '../../src/pairs/profiles';
import { getProgramme } from '../../src/programmes/programmes';
import { pairingSettings } from '../../src/programmes/settings';
import type { Conversation } from '../context';
import type { Button } from '../events';
import { describeReason, optionLabels } from './matching';
import { pairingPayload, sendProposal } from '../pair-confirmation';
import { shortCard } from './cards';

/** How many suggestions a mentee chooses from. */
export const SELF_MATCHING_CHOICES = 3;

async function selfMatchingOn(ctx: Conversation, programmeId: number): Promise<{ name: string } | undefined> {
  const found = await getProgramme(ctx.tx, programmeId);
  return found && pairingSettings(found.programme.settings).selfMatching ? { name: found.programme.name } : undefined;
}

export async function showChoices(ctx: Conversation, membershipId: number): Promise<void> {
  const member = await membershipWithName(ctx.tx, membershipId);
  if (!member || member.personId !== ctx.person.id || member.role !== 'mentee') {
    ctx.reply(ctx.t('self-matching-not-mentee'));
    return;
  }
  if (!(await selfMatchingOn(ctx, member.programmeId))) {
    ctx.reply(ctx.t('self-matching-off'));
    return;
  }
  const input = await loadMatchingInput(ctx.tx, member.programmeId);
  if (!input.mentees.some((m) => m.id === membershipId)) {
    ctx.reply(ctx.t('self-matching-not-eligible'));
    return;
  }
  const suggestions = candidatesForMentee(input, membershipId, SELF_MATCHING_CHOICES);
  if (suggestions.length === 0) {
    ctx.reply(ctx.t('self-matching-none'));
    return;
  }
  const answers = await intakeAnswers(ctx.tx, suggestions.map((s) => s.mentorId));
  const labels = optionLabels(ctx);
  const cards = suggestions.map((s, i) =>
    [
      ctx.t('self-matching-card-title', { n: i + 1, name: input.names.get(s.mentorId) ?? '—', score: s.score }),
      ...shortCard(ctx, 'mentor', answers.get(s.mentorId)),
      ...s.reasons.map((r) => `  · ${describeReason(ctx, r, labels)}`),
    ].join('\n'),
  );
  const rows: Button[][] = suggestions.map((s) => [
    { label: ctx.t('self-matching-button-choose', { name: input.names.get(s.mentorId) ?? '—' }), payload: pairingPayload('choose', s.mentorId) },
  ]);
  ctx.reply([ctx.t('self-matching-title', { count: suggestions.length }), ...cards].join('\n\n'), rows);
}

/** /choose: the person's newest mentee membership in a programme with self-matching on. */
export async function chooseCommand(ctx: Conversation, memberships: { id: number; programmeId: number; role: string }[]): Promise<void> {
  const mentee = memberships.filter((m) => m.role === 'mentee');
  if (mentee.length === 0) {
    ctx.reply(ctx.t('self-matching-not-mentee'));
    return;
  }
  for (const membership of mentee) {
    if (await selfMatchingOn(ctx, membership.programmeId)) return showChoices(ctx, membership.id);
  }
  ctx.reply(ctx.t('self-matching-off'));
}

/** The mentee chose a mentor: a proposal the mentee has already confirmed, sent to the mentor. */
export async function chooseMentor(ctx: Conversation, mentorMembershipId: number): Promise<void> {
  const mentor = await membershipWithName(ctx.tx, mentorMembershipId);
  const own = mentor ? await findMembership(ctx.tx, ctx.person.id, mentor.programmeId, 'mentee') : undefined;
  if (!mentor || mentor.role !== 'mentor' || !own) {
    ctx.reply(ctx.t('self-matching-not-mentee'));
    return;
  }
  const programme = await selfMatchingOn(ctx, mentor.programmeId);
  if (!programme) {
    ctx.reply(ctx.t('self-matching-off'));
    return;
  }
  // Only one of the mentee's current top suggestions: an old or forged button of another mentor does nothing.
  const input = await loadMatchingInput(ctx.tx, mentor.programmeId);
  const suggestion = candidatesForMentee(input, own.id, SELF_MATCHING_CHOICES).find((s) => s.mentorId === mentorMembershipId);
  if (!suggestion) {
    ctx.reply(ctx.t(input.mentees.some((m) => m.id === own.id) ? 'self-matching-stale' : 'self-matching-not-eligible'));
    return;
  }
  const proposed = await proposePair(ctx.tx, {
    programmeId: mentor.programmeId,
    mentorMembershipIds: [mentorMembershipId],
    menteeMembershipIds: [own.id],
    score: suggestion.score,
    reasons: suggestion.reasons,
    actorPersonId: ctx.person.id,
    now: ctx.now,
  });
  if (!proposed.ok) {
    ctx.reply(ctx.t(proposed.error));
    return;
  }
  const pairId = proposed.value.id;
  // Choosing is the mentee's consent to the pairing.
  await decideOnPair(ctx.tx, { pairId, membershipId: own.id, decision: 'confirmed', actorPersonId: ctx.person.id, now: ctx.now });
  await recordAudit(ctx.tx, {
    programmeId: mentor.programmeId,
    actorPersonId: ctx.person.id,
    action: 'pair.self-choose',
    details: { pairId, mentee: own.id, mentor: mentorMembershipId, score: suggestion.score },
    now: ctx.now,
  });
  await sendProposal(ctx, pairId, programme.name, 'chosen');
  const menteeName = ctx.person.fullName ?? '—';
  for (const curator of await programmeCurators(ctx.tx, mentor.programmeId)) {
    ctx.notify(curator, (t) => ({ text: t('self-matching-curator', { mentee: menteeName, mentor: mentor.fullName ?? '—', score: suggestion.score }) }));
  }
  ctx.reply(ctx.t('self-matching-chosen', { name: mentor.fullName ?? '—' }));
}
