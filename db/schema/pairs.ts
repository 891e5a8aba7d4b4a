// Mentorship pairs and groups (stage 5): one or two mentors with one or more mentees, explicit
// states kept with their history, and the curator's audit log.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/**
 * A member joining a pair that is already active (a group grows): pending until the newcomer and every
 * current member confirm, and only then a row of pair_members, so pair work never sees an unconfirmed member.
 */
export const pairJoinStatuses = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type PairJoinStatus = (typeof pairJoinStatuses)[number];

export const pairJoins = pgTable(
  'pair_joins',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    role: text('role', { enum: pairRoles }).notNull(),
    status: text('status', { enum: pairJoinStatuses }).notNull().default('pending'),
    /** Memberships (the newcomer and the pair's members) who have confirmed so far. */
    confirmedBy: integer('confirmed_by').array().notNull().default(sql`'{}'::integer[]`),
    declinedByMembershipId: integer('declined_by_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    declineReason: text('decline_reason'),
    createdByPersonId: integer('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('pair_joins_pair_idx').on(t.pairId),
    index('pair_joins_membership_idx').on(t.membershipId, t.status),
  ],
);

/** "Request more info": a mentor's question to a mentee of a proposed pair, and the answer relayed. */
export const pairQuestions = pgTable(
  'pair_questions',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    fromMembershipId: integer('from_membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    toMembershipId: integer('to_membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    answer: text('answer'),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [index('pair_questions_pair_idx').on(t.pairId)],
);

/** A preference round of a programme (stage 5): open until the curator closes it; at most one open. */
export const preferenceRounds = pgTable(
  'preference_rounds',
  {
    id: serial('id').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    openedByPersonId: integer('opened_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('preference_rounds_programme_idx').on(t.programmeId, t.openedAt),
    uniqueIndex('preference_rounds_one_open_uq').on(t.programmeId).where(sql`${t.closedAt} is null`),
  ],
);

/** Up to three preferred partners a mentee or a mentor named in a round, in the order named. */
export const pairPreferences = pgTable(
  'pair_preferences',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => preferenceRounds.id, { onDelete: 'cascade' }),
    chooserMembershipId: integer('chooser_membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    chosenMembershipId: integer('chosen_membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pair_preferences_round_pair_uq').on(t.roundId, t.chooserMembershipId, t.chosenMembershipId),
    index('pair_preferences_chosen_idx').on(t.roundId, t.chosenMembershipId),
    check('pair_preferences_rank_range', sql`${t.rank} between 1 and 3`),
  ],
);

export type Pair = typeof pairs.$inferSelect;
export type PairJoin = typeof pairJoins.$inferSelect;
export type PairQuestion = typeof pairQuestions.$inferSelect;
export type PreferenceRound = typeof preferenceRounds.$inferSelect;
export type PairMember = typeof pairMembers.$inferSelect;
