// Invite codes: a curator's link decides the programme and the role of whoever opens it.
// Codes are short, read-aloud friendly, and counted race-safely when redeemed.
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
import type { Config } from '../config';

/** Upper-case letters and digits without the look-alikes 0/O and 1/I/L: easy to read out and type. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 8;
/** 31^8 ≈ 8.5e11 codes: a collision is rare, several in a row mean something else is wrong. */
const MAX_CODE_ATTEMPTS = 5;

/** Locale keys of the reasons an invite cannot be used. */
export type InviteError = 'invite-unknown' | 'invite-expired' | 'invite-used-up' | 'invite-revoked';
export type InviteCheck =
  | { ok: true; invite: Invite; programme: Programme; organisation: Organisation }
  | { ok: false; error: InviteError };

export interface InviteInput {
  programmeId: number;
  role: Role;
  expiresAt?: Date | undefined;
  maxUses?: number | undefined;
  createdByPersonId?: number | undefined;
}

export function generateInviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_LENGTH; i++) code += INVITE_ALPHABET.charAt(randomInt(INVITE_ALPHABET.length));
  return code;
}

const codePattern = new RegExp(`^[${INVITE_ALPHABET}]{${INVITE_LENGTH}}$`);
/** Where each messenger's deep link carries its payload. */
const linkParameter: Record<string, string> = {
  't.me': 'start',
  'telegram.me': 'start',
  'vk.me': 'ref',
  'vk.com': 'ref',
  'm.vk.com': 'ref',
};

/**
 * The canonical code in a bare code (any case, surrounding spaces) or a pasted
 * https://t.me/<bot>?start=CODE / https://vk.me/<community>?ref=CODE link; undefined when it can't be one.
 */
export function normaliseInviteCode(input: string): string | undefined {
  const text = input.trim();
  const candidate = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|vk\.me|(?:m\.)?vk\.com)\//i.test(text) ? codeInLink(text) : text;
  const code = candidate?.toUpperCase();
  return code !== undefined && codePattern.test(code) ? code : undefined;
}

function codeInLink(link: string): string | undefined {
  try {
    const url = new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`);
    const parameter = linkParameter[url.hostname.toLowerCase().replace(/^www\./, '')];
    return parameter ? (url.searchParams.get(parameter) ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export async function createInvite(db: Executor, input: InviteInput): Promise<Invite> {
  if (input.maxUses !== undefined && !(Number.isInteger(input.maxUses) && input.maxUses >= 1)) {
    throw new RangeError(`maxUses must be a whole number of at least 1, got ${input.maxUses}`);
  }
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
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
  throw new Error(`no free invite code after ${MAX_CODE_ATTEMPTS} attempts`);
}

/** Whether the invite can be used now, without using it. */
export async function checkInvite(db: Executor, code: string, now: Date): Promise<InviteCheck> {
  const row = await findInviteWithProgramme(db, code);
  if (!row) return { ok: false, error: 'invite-unknown' };
  const { invite } = row;
  if (invite.revokedAt) return { ok: false, error: 'invite-revoked' };
  if (invite.expiresAt && invite.expiresAt <= now) return { ok: false, error: 'invite-expired' };
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return { ok: false, error: 'invite-used-up' };
  return { ok: true, invite, programme: row.programme, organisation: row.organisation };
}

/**
 * Counts one use of the invite. The check and the increment are one UPDATE, so concurrent redeems of
 * the last use see exactly one success; the others get the precise reason.
 */
export async function redeemInvite(db: Executor, code: string, now: Date): Promise<InviteCheck> {
  const updated = await incrementInviteUse(db, code, now);
  if (!updated) return checkInvite(db, code, now);
  const row = await findInviteWithProgramme(db, code);
  // Only a concurrent delete of the programme can get here.
  if (!row) return { ok: false, error: 'invite-unknown' };
  return { ok: true, invite: updated, programme: row.programme, organisation: row.organisation };
}

/** Revokes the invite; undefined when there is no such code or it was revoked already. */
export async function revokeInvite(db: Executor, code: string, now: Date): Promise<Invite | undefined> {
  return setInviteRevoked(db, code, now);
}

/** The invites of a programme, newest first. */
export async function listInvites(db: Executor, programmeId: number): Promise<Invite[]> {
  return selectInvites(db, programmeId);
}

/** The links to hand out, for the messengers the installation has a bot or community in. */
export function inviteLinks(
  code: string,
  links: Partial<Config['links']>,
): { telegram?: string; vk?: string } {
  return {
    ...(links.telegramBotUsername ? { telegram: `https://t.me/${links.telegramBotUsername}?start=${code}` } : {}),
    ...(links.vkCommunity ? { vk: `https://vk.me/${links.vkCommunity}?ref=${code}` } : {}),
  };
}
