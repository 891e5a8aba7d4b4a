// Completion and monitoring (stage 7): award nominations of mentors, and the one-time codes that
// make someone a regional coordinator. Reflections and satisfaction are questionnaire responses.
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { memberships } from './memberships';
import { programmes } from './organisations';
import { people } from './people';

export const nominatorRoles = ['mentee', 'curator'] as const;
export type NominatorRole = (typeof nominatorRoles)[number];

/** A mentor put forward for an award by a mentee of theirs or by the curator. */
export const awardNominations = pgTable(
  'award_nominations',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    mentorMembershipId: integer('mentor_membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    /** Null once the nominating person withdrew: the nomination still counts, anonymously. */
    nominatedByPersonId: integer('nominated_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    byRole: text('by_role', { enum: nominatorRoles }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('award_nominations_mentor_by_uq').on(t.mentorMembershipId, t.nominatedByPersonId),
    index('award_nominations_programme_idx').on(t.programmeId),
  ],
);

/** An operator's invite to become the coordinator of a region (and, when set, one municipality). */
export const coordinatorInvites = pgTable('coordinator_invites', {
  code: text('code').primaryKey(),
  region: text('region').notNull(),
  municipality: text('municipality'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedByPersonId: integer('used_by_person_id').references(() => people.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type AwardNomination = typeof awardNominations.$inferSelect;
export type CoordinatorInvite = typeof coordinatorInvites.$inferSelect;
