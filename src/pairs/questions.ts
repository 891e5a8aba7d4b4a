// "Request more info": before deciding on a proposal, a mentor asks a mentee of the pair a question;
// the mentee's answer is relayed back. Both are kept with the pair, so the curator sees them on the
// pair's card. Only while the pair is proposed and the mentor has not decided yet.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pairMembers, pairQuestions, pairs, type PairQuestion } from '../../db/schema';

export const QUESTION_MAX = 500;

export type QuestionError = 'pair-error-not-member' | 'pair-error-not-proposed' | 'question-error-answered';
type Result<T> = { ok: true; value: T } | { ok: false; error: QuestionError };

/** The mentor (undecided) and the mentee of a proposed pair, by the mentee's pair_members row. */
export async function questionTarget(db: Executor, input: { menteeMemberId: number; askerMembershipIds: number[] }) {
  const [target] = await db.select().from(pairMembers).where(eq(pairMembers.id, input.menteeMemberId));
  if (!target || target.role !== 'mentee') return { ok: false as const, error: 'pair-error-not-member' as const };
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, target.pairId));
  const mentors = await db.select().from(pairMembers).where(and(eq(pairMembers.pairId, target.pairId), eq(pairMembers.role, 'mentor')));
  const asker = mentors.find((m) => input.askerMembershipIds.includes(m.membershipId));
  if (!pair || !asker) return { ok: false as const, error: 'pair-error-not-member' as const };
  if (pair.status !== 'proposed' || asker.decision !== 'pending') return { ok: false as const, error: 'pair-error-not-proposed' as const };
  return { ok: true as const, value: { pair, asker, target } };
}

export async function askQuestion(
  db: Executor,
  input: { menteeMemberId: number; askerMembershipIds: number[]; question: string; now: Date },
): Promise<Result<PairQuestion>> {
  const found = await questionTarget(db, input);
  if (!found.ok) return found;
  const [row] = await db
    .insert(pairQuestions)
    .values({
      pairId: found.value.pair.id,
      fromMembershipId: found.value.asker.membershipId,
      toMembershipId: found.value.target.membershipId,
      question: input.question,
      askedAt: input.now,
    })
    .returning();
  if (!row) throw new Error('insert into pair_questions returned no row');
  return { ok: true, value: row };
}

export async function getQuestion(db: Executor, questionId: number): Promise<PairQuestion | undefined> {
  const [row] = await db.select().from(pairQuestions).where(eq(pairQuestions.id, questionId));
  return row;
}

/** The mentee answers once, while the pair is still proposed. */
export async function answerQuestion(
  db: Executor,
  input: { questionId: number; answererMembershipIds: number[]; answer: string; now: Date },
): Promise<Result<PairQuestion>> {
  const [question] = await db.select().from(pairQuestions).where(eq(pairQuestions.id, input.questionId)).for('no key update');
  if (!question || !input.answererMembershipIds.includes(question.toMembershipId)) return { ok: false, error: 'pair-error-not-member' };
  if (question.answer !== null) return { ok: false, error: 'question-error-answered' };
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, question.pairId));
  if (pair?.status !== 'proposed') return { ok: false, error: 'pair-error-not-proposed' };
  const [row] = await db
    .update(pairQuestions)
    .set({ answer: input.answer, answeredAt: input.now })
    .where(eq(pairQuestions.id, question.id))
    .returning();
  return { ok: true, value: row ?? question };
}

export async function questionsOfPair(db: Executor, pairId: number): Promise<PairQuestion[]> {
  return db.select().from(pairQuestions).where(eq(pairQuestions.pairId, pairId)).orderBy(asc(pairQuestions.askedAt), asc(pairQuestions.id));
}
