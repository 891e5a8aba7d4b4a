// Enrolment: an invite plus recorded consent makes a person a member of a programme.
import type { Executor } from '../../db/client';
import { findMembership, insertConsent, upsertMembership } from '../../db/queries/memberships';
import type { Membership } from '../../db/schema';
import { redeemInvite, checkInvite } from '../invites/invites';

export interface ParentConsent {
  parentName: string;
  parentContact: string;
}

export type EnrolResult = { ok: true; membership: Membership; alreadyMember: boolean } | { ok: false; error: string };

/**
 * Redeems the invite and records the consent (and the parent's, for a child under 14) in one go.
 * A person who is already a member with that role is not counted against the invite again.
 */
export async function enrol(
  db: Executor,
  input: { personId: number; inviteCode: string; consentVersion: string; parent?: ParentConsent | undefined; now: Date },
): Promise<EnrolResult> {
  const check = await checkInvite(db, input.inviteCode, input.now);
  if (!check.ok) return check;
  const existing = await findMembership(db, input.personId, check.invite.programmeId, check.invite.role);
  if (existing && existing.status !== 'withdrawn') return { ok: true, membership: existing, alreadyMember: true };

  const redeemed = await redeemInvite(db, input.inviteCode, input.now);
  if (!redeemed.ok) return redeemed;
  const { invite } = redeemed;
  const membership = await upsertMembership(
    db,
    { personId: input.personId, programmeId: invite.programmeId, role: invite.role, status: 'consented', inviteCode: invite.code },
    input.now,
  );
  await insertConsent(db, {
    personId: input.personId,
    programmeId: invite.programmeId,
    kind: 'personal_data',
    textVersion: input.consentVersion,
    givenAt: input.now,
  });
  if (input.parent) {
    await insertConsent(db, {
      personId: input.personId,
      programmeId: invite.programmeId,
      kind: 'parental',
      textVersion: input.consentVersion,
      givenAt: input.now,
      parentName: input.parent.parentName,
      parentContact: input.parent.parentContact,
    });
  }
  return { ok: true, membership, alreadyMember: false };
}
