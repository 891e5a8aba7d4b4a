// Questionnaire definitions (versioned data) and the answers given to them.
import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { memberships } from './memberships';

export const questionnaires = pgTable(
  'questionnaires',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** The validated definition (src/questionnaires/definition.ts). */
    definition: jsonb('definition').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('questionnaires_key_version_uq').on(t.key, t.version)],
);

export const responseStatuses = ['in_progress', 'submitted'] as const;

export const responses = pgTable(
  'responses',
  {
    id: serial('id').primaryKey(),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    questionnaireId: integer('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id),
    status: text('status', { enum: responseStatuses }).notNull().default('in_progress'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('responses_membership_questionnaire_uq').on(t.membershipId, t.questionnaireId),
    index('responses_questionnaire_idx').on(t.questionnaireId, t.status),
  ],
);

export const answers = pgTable(
  'answers',
  {
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] })],
);

export type QuestionnaireRow = typeof questionnaires.$inferSelect;
export type ResponseRow = typeof responses.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
