// Responses to questionnaires: opening one for a membership, saving each answer the moment it is
// given, submitting. Answers are stored per question id and tied to the questionnaire version.
import type { Executor } from '../../db/client';
import { setMembershipStatus } from '../../db/queries/memberships';
import { setPersonName } from '../../db/queries/people';
import {
  findResponse,
  findResponseContext,
  findResponsesOfMembership,
  insertResponse,
  listAnswers,
  markResponseSubmitted,
  upsertAnswer,
} from '../../db/queries/questionnaires';
import type { Membership, ResponseRow } from '../../db/schema';
import type { AnswerMap } from './answers';
import type { CatalogEntry, QuestionnaireCatalog } from './catalog';
import { answerValueSchema, type AnswerValue, type Question } from './definition';

/** The membership's intake response (any version); a new one on the latest version if none. */
export async function openIntake(
  db: Executor,
  catalog: QuestionnaireCatalog,
  membership: Membership,
  now: Date,
): Promise<{ response: ResponseRow; entry: CatalogEntry } | undefined> {
  const latest = catalog.intakeFor(membership.role);
  if (!latest) return undefined;
  const existing = (await findResponsesOfMembership(db, membership.id)).find((r) => r.key === latest.definition.key);
  if (existing) {
    const entry = catalog.byId(existing.response.questionnaireId);
    if (entry) return { response: existing.response, entry };
  }
  const response = await insertResponse(db, membership.id, latest.id, now);
  return { response, entry: latest };
}

export async function getResponse(db: Executor, responseId: number) {
  return findResponse(db, responseId);
}

/**
 * A response with its answers and what answering it needs (whose it is, the programme's topics, the
 * organisation's time zone), read in one statement; undefined when the response does not exist.
 */
export async function loadResponse(db: Executor, responseId: number) {
  const found = await findResponseContext(db, responseId);
  return found && { ...found, answers: validAnswers(Object.entries(found.answers)) };
}

/** Stored answers, validated; a row that no longer parses is treated as unanswered. */
export async function loadAnswers(db: Executor, responseId: number): Promise<Map<string, AnswerValue>> {
  const rows = await listAnswers(db, responseId);
  return validAnswers(rows.map((row) => [row.questionId, row.value]));
}

function validAnswers(stored: [questionId: string, value: unknown][]): Map<string, AnswerValue> {
  const map = new Map<string, AnswerValue>();
  for (const [questionId, value] of stored) {
    const parsed = answerValueSchema.safeParse(value);
    if (parsed.success) map.set(questionId, parsed.data);
  }
  return map;
}

export async function saveAnswer(
  db: Executor,
  input: { responseId: number; personId: number; question: Question; value: AnswerValue; now: Date },
): Promise<void> {
  const saving = upsertAnswer(db, input.responseId, input.question.id, input.value, input.now);
  const value = input.value;
  const naming = input.question.profileField === 'fullName' && value.kind === 'text' ? setPersonName(db, input.personId, value.text) : undefined;
  await Promise.all([saving, naming]);
}

export async function submitResponse(
  db: Executor,
  input: { response: ResponseRow; entry: CatalogEntry; answers: AnswerMap; now: Date },
): Promise<void> {
  await markResponseSubmitted(db, input.response.id, input.now);
  if (input.entry.definition.purpose === 'intake') {
    await setMembershipStatus(db, input.response.membershipId, 'questionnaire_done', input.now);
  }
}
