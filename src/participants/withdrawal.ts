// Withdrawal of consent: the person's answers and name are deleted, consents marked withdrawn,
// memberships closed; what remains is an anonymous row that keeps counts in reports right.
import { eq, inArray, isNull, and } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { consents, memberships, people, responses } from '../../db/schema';

export async function withdrawConsent(db: Executor, personId: number, now: Date): Promise<{ programmes: number[] }> {
  const rows = await db
    .update(memberships)
    .set({ status: 'withdrawn', updatedAt: now })
    .where(eq(memberships.personId, personId))
    .returning({ id: memberships.id, programmeId: memberships.programmeId });
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) await db.delete(responses).where(inArray(responses.membershipId, ids));
  await db
    .update(consents)
    .set({ withdrawnAt: now, parentName: null, parentContact: null })
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)));
  await db.update(people).set({ fullName: null, erasedAt: now }).where(eq(people.id, personId));
  return { programmes: [...new Set(rows.map((r) => r.programmeId))] };
}
