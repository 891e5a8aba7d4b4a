// Figures of the regional summary kept current in the transactions that change them, by triggers
// (migration 0008): reading them is one row per organisation, where counting them joins every formed
// pair of a region with its members. (Members by role are not kept so: a counter row per programme
// would be locked by every join until it commits, and a class joining at once would queue on it;
// the summary counts them from the memberships index instead.)
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';

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
