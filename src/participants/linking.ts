// Linking messengers: a one-time code shown in one messenger and sent in the other makes both
// identities one person, with one set of answers.
import { randomInt } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { identities, linkCodes, memberships, people } from '../../db/schema';

export const LINK_CODE_TTL_MINUTES = 10;
const linkCodePattern = /^\d{6}$/;

export function looksLikeLinkCode(text: string): boolean {
  return linkCodePattern.test(text.trim());
}

export async function createLinkCode(db: Executor, personId: number, now: Date): Promise<string> {
  await db.delete(linkCodes).where(lt(linkCodes.expiresAt, now));
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MINUTES * 60_000);
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const rows = await db.insert(linkCodes).values({ code, personId, expiresAt }).onConflictDoNothing().returning();
    if (rows.length > 0) return code;
  }
  throw new Error('could not generate a unique link code');
}

export type LinkResult =
  | { ok: true; personId: number; removedPersonId: number | undefined }
  | { ok: false; error: 'link-unknown' | 'link-expired' | 'link-same' | 'link-conflict' };

/**
 * Moves the identity the code was sent from to the person who asked for the code. The sender's
 * former person is removed when it held nothing; if both sides have programme data, linking is refused.
 */
export async function redeemLinkCode(
  db: Executor,
  input: { code: string; identityId: number; currentPersonId: number; now: Date },
): Promise<LinkResult> {
  const [row] = await db
    .select()
    .from(linkCodes)
    .where(and(eq(linkCodes.code, input.code.trim()), isNull(linkCodes.usedAt)))
    .for('no key update');
  if (!row) return { ok: false, error: 'link-unknown' };
  if (row.expiresAt <= input.now) return { ok: false, error: 'link-expired' };
  if (row.personId === input.currentPersonId) return { ok: false, error: 'link-same' };
  const own = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, input.currentPersonId)).limit(1);
  if (own.length > 0) return { ok: false, error: 'link-conflict' };

  await db.update(linkCodes).set({ usedAt: input.now }).where(eq(linkCodes.code, row.code));
  await db.update(identities).set({ personId: row.personId, lastSeenAt: input.now }).where(eq(identities.id, input.identityId));
  const remaining = await db.select({ id: identities.id }).from(identities).where(eq(identities.personId, input.currentPersonId)).limit(1);
  return { ok: true, personId: row.personId, removedPersonId: remaining.length === 0 ? input.currentPersonId : undefined };
}

export async function personExists(db: Executor, personId: number): Promise<boolean> {
  const rows = await db.select({ id: people.id }).from(people).where(eq(people.id, personId));
  return rows.length > 0;
}
