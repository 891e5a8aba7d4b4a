// Queries on questionnaire definitions, responses and answers.
import { and, desc, eq, sql } from 'drizzle-orm';
import { cachedStatement, type Executor } from '../client';
import { answers, memberships, organisations, programmes, questionnaires, responses, type ResponseRow } from '../schema';

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

const selectResponse = cachedStatement((db, v: { responseId: number }) => db.select().from(responses).where(eq(responses.id, v.responseId)));

export async function findResponse(db: Executor, responseId: number): Promise<ResponseRow | undefined> {
  const [row] = await selectResponse(db, { responseId });
  return row;
}

const selectResponseContext = cachedStatement((db, v: { responseId: number }) =>
  db
    .select({
      response: responses,
      personId: memberships.personId,
      programmeTopics: programmes.topics,
      timezone: organisations.timezone,
      answers: sql<Record<string, unknown> | null>`(select jsonb_object_agg(${answers.questionId}, ${answers.value}) from ${answers} where ${answers.responseId} = ${responses.id})`,
    })
    .from(responses)
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(responses.id, v.responseId)),
);

/**
 * A response with what answering it needs, in one statement: whose it is, the programme's topics, the
 * organisation's time zone, and the stored answers by question id (values not yet validated).
 */
export async function findResponseContext(db: Executor, responseId: number) {
  const [row] = await selectResponseContext(db, { responseId });
  return row && { ...row, answers: row.answers ?? {} };
}

const selectResponsesOfMembership = cachedStatement((db, v: { membershipId: number }) =>
  db
    .select({ response: responses, key: questionnaires.key, version: questionnaires.version })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(eq(responses.membershipId, v.membershipId))
    .orderBy(desc(responses.startedAt)),
);

/** The membership's response to any version of the questionnaire key, newest first. */
export async function findResponsesOfMembership(db: Executor, membershipId: number) {
  return selectResponsesOfMembership(db, { membershipId });
}

const insertResponseRow = cachedStatement((db, v: { membershipId: number; questionnaireId: number; now: Date }) =>
  db.insert(responses).values({ membershipId: v.membershipId, questionnaireId: v.questionnaireId, startedAt: v.now }).onConflictDoNothing().returning(),
);

/** The membership's response to the questionnaire, created now unless it exists. */
export async function insertResponse(db: Executor, membershipId: number, questionnaireId: number, now: Date) {
  const [inserted] = await insertResponseRow(db, { membershipId, questionnaireId, now });
  if (inserted) return inserted;
  const [row] = await db
    .select()
    .from(responses)
    .where(and(eq(responses.membershipId, membershipId), eq(responses.questionnaireId, questionnaireId)));
  if (!row) throw new Error('response missing after insert');
  return row;
}

const upsertAnswerRow = cachedStatement((db, v: { responseId: number; questionId: string; value: unknown; now: Date }) =>
  db
    .insert(answers)
    .values({ responseId: v.responseId, questionId: v.questionId, value: v.value, answeredAt: v.now })
    .onConflictDoUpdate({ target: [answers.responseId, answers.questionId], set: { value: sql`excluded.value`, answeredAt: sql`excluded.answered_at` } }),
);

export async function upsertAnswer(db: Executor, responseId: number, questionId: string, value: unknown, now: Date) {
  await upsertAnswerRow(db, { responseId, questionId, value, now });
}

const selectAnswers = cachedStatement((db, v: { responseId: number }) => db.select().from(answers).where(eq(answers.responseId, v.responseId)));

export async function listAnswers(db: Executor, responseId: number) {
  return selectAnswers(db, { responseId });
}

export async function markResponseSubmitted(db: Executor, responseId: number, now: Date) {
  await db.update(responses).set({ status: 'submitted', submittedAt: now }).where(eq(responses.id, responseId));
}
