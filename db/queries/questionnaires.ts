// Queries on questionnaire definitions, responses and answers.
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { answers, questionnaires, responses, type ResponseRow } from '../schema';

export async function findQuestionnaire(db: Executor, key: string, version: number) {
  const [row] = await db
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.key, key), eq(questionnaires.version, version)));
  return row;
}

export async function insertQuestionnaire(db: Executor, key: string, version: number, definition: unknown) {
  await db.insert(questionnaires).values({ key, version, definition }).onConflictDoNothing();
  const row = await findQuestionnaire(db, key, version);
  if (!row) throw new Error(`questionnaire ${key} v${version} missing after insert`);
  return row;
}

export async function listQuestionnaires(db: Executor) {
  return db.select().from(questionnaires).orderBy(questionnaires.key, desc(questionnaires.version));
}

export async function findResponse(db: Executor, responseId: number): Promise<ResponseRow | undefined> {
  const [row] = await db.select().from(responses).where(eq(responses.id, responseId));
  return row;
}

/** The membership's response to any version of the questionnaire key, newest first. */
export async function findResponsesOfMembership(db: Executor, membershipId: number) {
  return db
    .select({ response: responses, key: questionnaires.key, version: questionnaires.version })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(eq(responses.membershipId, membershipId))
    .orderBy(desc(responses.startedAt));
}

export async function insertResponse(db: Executor, membershipId: number, questionnaireId: number, now: Date) {
  await db
    .insert(responses)
    .values({ membershipId, questionnaireId, startedAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(responses)
    .where(and(eq(responses.membershipId, membershipId), eq(responses.questionnaireId, questionnaireId)));
  if (!row) throw new Error('response missing after insert');
  return row;
}

export async function upsertAnswer(db: Executor, responseId: number, questionId: string, value: unknown, now: Date) {
  await db
    .insert(answers)
    .values({ responseId, questionId, value, answeredAt: now })
    .onConflictDoUpdate({ target: [answers.responseId, answers.questionId], set: { value, answeredAt: now } });
}

export async function listAnswers(db: Executor, responseId: number) {
  return db.select().from(answers).where(eq(answers.responseId, responseId));
}

export async function markResponseSubmitted(db: Executor, responseId: number, now: Date) {
  await db.update(responses).set({ status: 'submitted', submittedAt: now }).where(eq(responses.id, responseId));
}
