// Answers about the pair as a whole: whether it fits (after the first meeting) and the monthly
// pulse (mood 1–5, then progress towards the goals). The latest answer of each member counts.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pairFeedback, type PairFeedback, type PairFeedbackKind } from '../../db/schema';

export const fitValues = ['good', 'deciding', 'bad'] as const;
export type FitValue = (typeof fitValues)[number];
export const progressValues = ['yes', 'some', 'no'] as const;
export type ProgressValue = (typeof progressValues)[number];

export async function recordFeedback(
  db: Executor,
  input: { pairId: number; membershipId: number; kind: PairFeedbackKind; value: string; now: Date },
): Promise<PairFeedback> {
  const [row] = await db
    .insert(pairFeedback)
    .values({ pairId: input.pairId, membershipId: input.membershipId, kind: input.kind, value: input.value, createdAt: input.now })
    .returning();
  if (!row) throw new Error('insert into pair_feedback returned no row');
  return row;
}

/** Every answer about the pairs, newest first. */
export async function feedbackOf(db: Executor, pairIds: number[], kinds?: PairFeedbackKind[]): Promise<PairFeedback[]> {
  if (pairIds.length === 0) return [];
  const where = kinds ? and(inArray(pairFeedback.pairId, pairIds), inArray(pairFeedback.kind, kinds)) : inArray(pairFeedback.pairId, pairIds);
  return db.select().from(pairFeedback).where(where).orderBy(desc(pairFeedback.createdAt), desc(pairFeedback.id));
}

/** Whether this member has said anything about the pair's fit yet. */
export async function hasAnsweredFit(db: Executor, pairId: number, membershipId: number): Promise<boolean> {
  const rows = await db
    .select({ id: pairFeedback.id })
    .from(pairFeedback)
    .where(and(eq(pairFeedback.pairId, pairId), eq(pairFeedback.membershipId, membershipId), eq(pairFeedback.kind, 'fit')))
    .limit(1);
  return rows.length > 0;
}

/** The newest answer of each member of a kind, by membership. */
export function latestByMember(rows: PairFeedback[], kind: PairFeedbackKind): Map<number, PairFeedback> {
  const latest = new Map<number, PairFeedback>();
  for (const row of rows) if (row.kind === kind && !latest.has(row.membershipId)) latest.set(row.membershipId, row);
  return latest;
}
