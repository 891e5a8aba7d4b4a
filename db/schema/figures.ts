// Figures of the regional summary kept current in the transactions that change them, by triggers
// (migration 0008): reading them is one row per programme or organisation, where counting them
// reads every membership and formed pair of a region.
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { organisations, programmes } from './organisations';

/** Memberships of the programme by role, whatever their status (curators are not counted). */
export const programmeFigures = pgTable('programme_figures', {
  programmeId: integer('programme_id')
    .primaryKey()
    .references(() => programmes.id, { onDelete: 'cascade' }),
  mentees: integer('mentees').notNull().default(0),
  mentors: integer('mentors').notNull().default(0),
});

/**
 * Distinct people who are the student side of an active or completed pair of any of the
 * organisation's programmes, as involvedStudents (src/reports/summary.ts) counts them: recounted for
 * the organisation whenever one of its formed pairs, their members or its programmes change.
 */
export const organisationFigures = pgTable('organisation_figures', {
  organisationId: integer('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  involvedStudents: integer('involved_students').notNull().default(0),
});
