// Organisations (schools, colleges) and their mentorship programmes: stage 1 of the target model.
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const organisations = pgTable(
  'organisations',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    region: text('region'),
    municipality: text('municipality'),
    timezone: text('timezone').notNull().default('Europe/Moscow'),
    /** Students enrolled, for the 70 % involvement target. */
    studentsTotal: integer('students_total'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_region_idx').on(t.region, t.municipality)],
);

export const programmes = pgTable(
  'programmes',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Forms of mentorship run by the programme, e.g. 'student_student', 'teacher_student'. */
    forms: text('forms').array().notNull().default(sql`'{}'::text[]`),
    /** Stage of the target model, 1..7. */
    stage: integer('stage').notNull().default(1),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    /** Topics a mentee can ask help with; replaces the questionnaire's default list when set. */
    topics: text('topics').array(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('programmes_organisation_idx').on(t.organisationId)],
);

export type Organisation = typeof organisations.$inferSelect;
export type Programme = typeof programmes.$inferSelect;
