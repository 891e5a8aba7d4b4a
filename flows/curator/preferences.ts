// The preference round in chat. The curator opens it (/round or the programme card): every unpaired
// mentee and every ready mentor with a place left is invited, sees short cards of their best
// candidates and names up to three preferred partners with buttons (pressing again takes a name
// back). The curator sees how many have chosen and closes the round; /match then weighs mutual and
// one-sided preferences.
import { DateTime } from 'luxon';
import { findMembership } from '../../db/queries/memberships';
import type { CuratorScope } from '../../src/curators/access';
import { membershipWithName } from '../../src/pairs/pairs';
import {
  closeRound,
  latestRoundOf,
  openRound,
  openRoundOf,
  PREFERENCES_MAX,
  preferencesOf,
  roundProgress,
  togglePreference,
} from '../../src/pairs/preferences';
import { candidatesForMentee, candidatesForMentor, intakeAnswers, loadMatchingInput, type MatchingInput } from '../../src/pairs/profiles';
import type { Conversation } from '../context';
import type { Button } from '../events';
import { pairingPayload } from '../pair-confirmation';
import { curatorPayload } from './actions';
import { shortCard } from './cards';

/** How many candidates a participant is shown: the best by matching score. */
const CANDIDATES_SHOWN = 8;

const day = (at: Date, zone: string) => DateTime.fromJSDate(at).setZone(zone).toFormat('dd.MM.yyyy');

/** Who takes part in a round: unpaired mentees, and ready mentors with a place left. */
function roundParticipants(input: MatchingInput) {
  return {
    mentees: input.mentees.map((m) => m.id),
    mentors: input.mentors.filter((m) => m.ready && m.load < m.capacity).map((m) => m.id),
  };
}

// ——— The curator's side ———

export async function showRound(ctx: Conversation, scope: CuratorScope, edit = false): Promise<void> {
  const open = await openRoundOf(ctx.tx, scope.programmeId);
  const back: Button[] = [{ label: ctx.t('programme-button-back'), payload: curatorPayload({ kind: 'settings' }, scope.programmeId) }];
  if (open) {
    const progress = await roundProgress(ctx.tx, open.id);
    ctx.reply(ctx.t('round-status-open', { since: day(open.openedAt, scope.timezone), ...progress }), [
      [{ label: ctx.t('round-button-close'), payload: curatorPayload({ kind: 'roundclose' }, scope.programmeId) }],
      back,
    ], { edit });
    return;
  }
  const last = await latestRoundOf(ctx.tx, scope.programmeId);
  const lastLine = last?.closedAt ? `\n${ctx.t('round-status-last', { closed: day(last.closedAt, scope.timezone), ...(await roundProgress(ctx.tx, last.id)) })}` : '';
  ctx.reply(`${ctx.t('round-status-none')}${lastLine}`, [[{ label: ctx.t('round-button-open'), payload: curatorPayload({ kind: 'roundopen' }, scope.programmeId) }], back], { edit });
}

export async function startRound(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const result = await openRound(ctx.tx, { programmeId: scope.programmeId, actorPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const input = await loadMatchingInput(ctx.tx, scope.programmeId);
  const invited = roundParticipants(input);
  for (const id of [...invited.mentees, ...invited.mentors]) {
    const member = await membershipWithName(ctx.tx, id);
    if (!member) continue;
    ctx.notify(member.personId, (t) => ({
      text: t('round-invite', { programme: scope.programmeName, role: member.role, max: PREFERENCES_MAX }),
      buttons: [[{ label: t('round-button-show'), payload: pairingPayload('prefs', id) }]],
    }));
  }
  ctx.reply(ctx.t('round-opened', { mentees: invited.mentees.length, mentors: invited.mentors.length }));
  await showRound(ctx, scope);
}

export async function finishRound(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const result = await closeRound(ctx.tx, { programmeId: scope.programmeId, actorPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  const progress = await roundProgress(ctx.tx, result.value.id);
  ctx.reply(ctx.t('round-closed', progress));
}

// ——— The participant's side ———

/** The person's own mentee or mentor membership behind a button, or undefined (someone else's button). */
async function ownMembership(ctx: Conversation, membershipId: number) {
  const member = await membershipWithName(ctx.tx, membershipId);
  if (!member || member.personId !== ctx.person.id || member.role === 'curator') return undefined;
  return member;
}

/**
 * The candidates of a participant in the programme now, best first by compatibility alone: the
 * preferences named so far do not reorder the list while the person is choosing from it.
 */
function candidatesOf(input: MatchingInput, role: 'mentee' | 'mentor', membershipId: number): number[] {
  const plain: MatchingInput = {
    ...input,
    mentees: input.mentees.map(({ preferredMentors: _, ...m }) => m),
    mentors: input.mentors.map(({ preferredMentees: _, ...m }) => m),
  };
  return role === 'mentee'
    ? candidatesForMentee(plain, membershipId, CANDIDATES_SHOWN).map((s) => s.mentorId)
    : candidatesForMentor(plain, membershipId, CANDIDATES_SHOWN).map((s) => s.menteeId);
}

export async function showPreferenceCandidates(ctx: Conversation, membershipId: number, edit: boolean): Promise<void> {
  const member = await ownMembership(ctx, membershipId);
  if (!member) {
    ctx.reply(ctx.t('pair-error-not-member'));
    return;
  }
  const round = await openRoundOf(ctx.tx, member.programmeId);
  if (!round) {
    ctx.reply(ctx.t('round-closed-participant'));
    return;
  }
  const role = member.role === 'mentor' ? 'mentor' : 'mentee';
  const input = await loadMatchingInput(ctx.tx, member.programmeId);
  const eligible = roundParticipants(input);
  if (!(role === 'mentee' ? eligible.mentees : eligible.mentors).includes(membershipId)) {
    ctx.reply(ctx.t('round-not-eligible'));
    return;
  }
  const chosen = await preferencesOf(ctx.tx, round.id, membershipId);
  const candidates = [...new Set([...candidatesOf(input, role, membershipId), ...chosen])];
  if (candidates.length === 0) {
    ctx.reply(ctx.t('round-no-candidates'));
    return;
  }
  const answers = await intakeAnswers(ctx.tx, candidates);
  const otherRole = role === 'mentee' ? 'mentor' : 'mentee';
  const cards = candidates.map((id, i) =>
    [`${i + 1}. ${chosen.includes(id) ? '⭐ ' : ''}${input.names.get(id) ?? '—'}`, ...shortCard(ctx, otherRole, answers.get(id))].join('\n'),
  );
  const rows: Button[][] = candidates.map((id, i) => [
    { label: `${chosen.includes(id) ? '⭐' : '☆'} ${i + 1}. ${input.names.get(id) ?? '—'}`, payload: pairingPayload('prefer', id) },
  ]);
  ctx.reply([ctx.t('round-choose-title', { role, max: PREFERENCES_MAX, chosen: chosen.length }), ...cards].join('\n\n'), rows, { edit });
}

/** The participant pressed a candidate: named, or taken back. */
export async function toggleCandidate(ctx: Conversation, candidateId: number): Promise<void> {
  const candidate = await membershipWithName(ctx.tx, candidateId);
  if (!candidate || candidate.role === 'curator') {
    ctx.reply(ctx.t('round-error-not-candidate'));
    return;
  }
  const ownRole = candidate.role === 'mentor' ? 'mentee' : 'mentor';
  const own = await findMembership(ctx.tx, ctx.person.id, candidate.programmeId, ownRole);
  const round = await openRoundOf(ctx.tx, candidate.programmeId);
  if (!own) {
    ctx.reply(ctx.t('round-error-not-candidate'));
    return;
  }
  if (!round) {
    ctx.reply(ctx.t('round-closed-participant'));
    return;
  }
  // Only someone the person was shown, or already named: a forged id of anyone else changes nothing.
  const input = await loadMatchingInput(ctx.tx, candidate.programmeId);
  const chosen = await preferencesOf(ctx.tx, round.id, own.id);
  if (!chosen.includes(candidateId) && !candidatesOf(input, ownRole, own.id).includes(candidateId)) {
    ctx.reply(ctx.t('round-error-not-candidate'));
    return;
  }
  const result = await togglePreference(ctx.tx, { roundId: round.id, chooserMembershipId: own.id, chosenMembershipId: candidateId, now: ctx.now });
  if (!result.ok) {
    ctx.toast(ctx.t(result.error, { max: PREFERENCES_MAX }));
    ctx.reply(ctx.t(result.error, { max: PREFERENCES_MAX }));
    return;
  }
  ctx.toast(ctx.t(result.value.added ? 'round-chosen' : 'round-unchosen', { name: candidate.fullName ?? '—', count: result.value.chosen.length, max: PREFERENCES_MAX }));
  await showPreferenceCandidates(ctx, own.id, true);
}

/** /prefer: the person's open round (newest programme first). */
export async function preferCommand(ctx: Conversation, memberships: { id: number; programmeId: number }[]): Promise<void> {
  for (const membership of memberships) {
    if (await openRoundOf(ctx.tx, membership.programmeId)) return showPreferenceCandidates(ctx, membership.id, false);
  }
  ctx.reply(ctx.t('round-closed-participant'));
}
