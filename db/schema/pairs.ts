// Mentorship pairs and groups (stage 5): one or two mentors with one or more mentees, explicit
// states kept with their history, and the curator's audit log.
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { memberships } from './memberships';
import { programmes } from './organisations';
import { people } from './people';

/** proposed -> active (everyone confirmed) -> completed; or declined / ended_early (with a reason). */
export const pairStatuses = ['proposed', 'active', 'declined', 'completed', 'ended_early'] as const;
export type PairStatus = (typeof pairStatuses)[number];

export const pairs = pgTable(
  'pairs',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    status: text('status', { enum: pairStatuses }).notNull().default('proposed'),
    /** Form of mentorship, e.g. 'student_student'. */
    form: text('form'),
    /** Matching score and reasons when the pair came from a suggestion. */
    score: integer('score'),
    reasons: jsonb('reasons').$type<unknown[]>(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [index('pairs_programme_status_idx').on(t.programmeId, t.status)],
);

export const pairRoles = ['mentor', 'mentee'] as const;
export const pairMemberDecisions = ['pending', 'confirmed', 'declined'] as const;

export const pairMembers = pgTable(
  'pair_members',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    role: text('role', { enum: pairRoles }).notNull(),
    decision: text('decision', { enum: pairMemberDecisions }).notNull().default('pending'),
    declineReason: text('decline_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('pair_members_pair_membership_uq').on(t.pairId, t.membershipId),
    index('pair_members_membership_idx').on(t.membershipId),
  ],
);

/** Every change of a pair's state, in order. */
export const pairEvents = pgTable(
  'pair_events',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorPersonId: integer('actor_person_id').references(() => people.id, { onDelete: 'set null' }),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pair_events_pair_idx').on(t.pairId, t.at)],
);

/** Who did what, when: every curator action. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id').references(() => programmes.id, { onDelete: 'cascade' }),
    actorPersonId: integer('actor_person_id').references(() => people.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_programme_idx').on(t.programmeId, t.at)],
);

export type Pair = typeof pairs.$inferSelect;
export type PairMember = typeof pairMembers.$inferSelect;
