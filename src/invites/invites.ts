// Invite codes: a curator's link decides the programme and the role of whoever opens it.
import { randomInt } from 'node:crypto';
import type { Executor } from '../../db/client';
import {
  findInviteWithProgramme,
  incrementInviteUse,
  insertInvite,
  selectInvites,
  setInviteRevoked,
} from '../../db/queries/invites';
import type { Invite, Organisation, Programme, Role } from '../../db/schema';

/** Upper-case letters and digits without the look-alikes 0/O, 1/I/L: easy to read out and type. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 8;

export type InviteError = 'invite-unknown' | 'invite-expired' | 'invite-used-up' | 'invite-revoked';
export type InviteCheck =
  | { ok: true; invite: Invite; programme: Programme; organisation: Organisation }
  | { ok: false; error: InviteError };

export function generateInviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_LENGTH; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

const codePattern = new RegExp(`^[${INVITE_ALPHABET}]{${INVITE_LENGTH}}$`);

/** A bare code in any case, or a pasted t.me ?start= / vk.me ?ref= link; undefined when it can't be a code. */
export function normaliseInviteCode(input: string): string | undefined {
  let text = input.trim();
  const link = /[?&](?:start|ref)=([A-Za-z0-9_-]+)/.exec(text);
  if (link?.[1]) text = link[1];
  const code = text.toUpperCase();
  return codePattern.test(code) ? code : undefined;
}

export async function createInvite(
  db: Executor,
  input: { programmeId: number; role: Role; expiresAt?: Date | undefined; maxUses?: number | undefined; createdByPersonId?: number | undefined },
): Promise<Invite> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const invite = await insertInvite(db, {
      code: generateInviteCode(),
      programmeId: input.programmeId,
      role: input.role,
      expiresAt: input.expiresAt ?? null,
      maxUses: input.maxUses ?? null,
      createdByPersonId: input.createdByPersonId ?? null,
    });
    if (invite) return invite;
  }
  throw new Error('could not generate a unique invite code');
}

export async function checkInvite(db: Executor, code: string, now: Date): Promise<InviteCheck> {
  const row = await findInviteWithProgramme(db, code);
  if (!row) return { ok: false, error: 'invite-unknown' };
  const { invite } = row;
  if (invite.revokedAt) return { ok: false, error: 'invite-revoked' };
  if (invite.expiresAt && invite.expiresAt <= now) return { ok: false, error: 'invite-expired' };
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return { ok: false, error: 'invite-used-up' };
  return { ok: true, invite, programme: row.programme, organisation: row.organisation };
}

/** Counts one use of the invite, race-safe; the precise reason when it can no longer be used. */
export async function redeemInvite(db: Executor, code: string, now: Date): Promise<InviteCheck> {
  const updated = await incrementInviteUse(db, code, now);
  if (!updated) return checkInvite(db, code, now);
  const row = await findInviteWithProgramme(db, code);
  if (!row) return { ok: false, error: 'invite-unknown' };
  return { ok: true, invite: updated, programme: row.programme, organisation: row.organisation };
}

export async function revokeInvite(db: Executor, code: string, now: Date): Promise<Invite | undefined> {
  return setInviteRevoked(db, code, now);
}

export async function listInvites(db: Executor, programmeId: number): Promise<Invite[]> {
  return selectInvites(db, programmeId);
}

export function inviteLinks(code: string, links: { telegramBotUsername?: string | undefined; vkCommunity?: string | undefined }) {
  return {
    ...(links.telegramBotUsername ? { telegram: `https://t.me/${links.telegramBotUsername}?start=${code}` } : {}),
    ...(links.vkCommunity ? { vk: `https://vk.me/${links.vkCommunity}?ref=${code}` } : {}),
  };
}
