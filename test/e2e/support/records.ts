// What the end-to-end tests read back from the database: a person by their messenger id, their
// answers, memberships, consents and questionnaire responses.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { answers, consents, flowStates, identities, memberships, people, responses, type Platform } from '../../../db/schema';

export async function personOf(db: Executor, platform: Platform, externalId: string | number) {
  const [row] = await db
    .select({ person: people })
    .from(identities)
    .innerJoin(people, eq(people.id, identities.personId))
    .where(and(eq(identities.platform, platform), eq(identities.externalId, String(externalId))));
  return row?.person;
}

async function personIdOf(db: Executor, platform: Platform, externalId: string | number): Promise<number> {
  return (await personOf(db, platform, externalId))?.id ?? -1;
}

/** Every stored answer of the person, by question id. */
export async function answersOf(db: Executor, platform: Platform, externalId: string | number): Promise<Map<string, unknown>> {
  const personId = await personIdOf(db, platform, externalId);
  const rows = await db
    .select({ questionId: answers.questionId, value: answers.value })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .where(eq(memberships.personId, personId));
  return new Map(rows.map((r) => [r.questionId, r.value]));
}

export async function membershipsOf(db: Executor, platform: Platform, externalId: string | number) {
  return db.select().from(memberships).where(eq(memberships.personId, await personIdOf(db, platform, externalId)));
}

export async function consentsOf(db: Executor, platform: Platform, externalId: string | number) {
  return db.select().from(consents).where(eq(consents.personId, await personIdOf(db, platform, externalId)));
}

export async function responsesOf(db: Executor, platform: Platform, externalId: string | number) {
  return db
    .select({ response: responses })
    .from(responses)
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .where(eq(memberships.personId, await personIdOf(db, platform, externalId)))
    .then((rows) => rows.map((r) => r.response));
}

export async function flowStateOf(db: Executor, platform: Platform, externalId: string | number) {
  const [row] = await db.select().from(flowStates).where(eq(flowStates.personId, await personIdOf(db, platform, externalId)));
  return row;
}
