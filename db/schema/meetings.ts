// Pair work (stage 6): the pair's goals and individual plan, meetings with their schedule, and the
// check-ins after each meeting. Times are stored as instants; the organisation's time zone is used
// only to read and show them.
import { boolean, date, index, integer, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { memberships } from './memberships';
import { pairs } from './pairs';
import { people } from './people';

/** A goal of the pair and the tasks of its plan ("персонализированная программа наставничества"). */
export const pairGoals = pgTable(
  'pair_goals',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pair_goals_pair_idx').on(t.pairId)],
);

export const planTasks = pgTable(
  'plan_tasks',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id').references(() => pairGoals.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    expectedResult: text('expected_result'),
    dueOn: date('due_on'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneByPersonId: integer('done_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_tasks_pair_idx').on(t.pairId)],
);

export const meetingFormats = ['online', 'in_person'] as const;
export type MeetingFormatKind = (typeof meetingFormats)[number];

/**
 * proposed (waiting for the mentee) -> scheduled -> held | missed; or cancelled. A meeting of a
 * regular schedule is created scheduled, one occurrence at a time.
 */
export const meetingStatuses = ['proposed', 'scheduled', 'held', 'missed', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** proposed (waiting for the other side) -> active -> stopped; or declined. `active` mirrors status = 'active'. */
export const meetingScheduleStatuses = ['proposed', 'active', 'declined', 'stopped'] as const;
export type MeetingScheduleStatus = (typeof meetingScheduleStatuses)[number];

/** A regular schedule: weekly on `weekday` (1 = Monday) at `time` (HH:MM, organisation's zone). */
export const meetingSchedules = pgTable(
  'meeting_schedules',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    weekday: smallint('weekday').notNull(),
    time: text('time').notNull(),
    format: text('format', { enum: meetingFormats }).notNull(),
    topic: text('topic'),
    active: boolean('active').notNull().default(true),
    status: text('status', { enum: meetingScheduleStatuses }).notNull().default('active'),
    proposedByPersonId: integer('proposed_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_schedules_pair_idx').on(t.pairId)],
);

export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    scheduleId: integer('schedule_id').references(() => meetingSchedules.id, { onDelete: 'set null' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    format: text('format', { enum: meetingFormats }).notNull(),
    topic: text('topic'),
    status: text('status', { enum: meetingStatuses }).notNull().default('proposed'),
    proposedByPersonId: integer('proposed_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meetings_pair_starts_idx').on(t.pairId, t.startsAt), index('meetings_status_starts_idx').on(t.status, t.startsAt)],
);

/** Alternative times offered for a proposed meeting; the mentee picks one. */
export const meetingSlots = pgTable(
  'meeting_slots',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('meeting_slots_meeting_idx').on(t.meetingId)],
);

/** One member's check-in after a meeting. */
export const checkins = pgTable(
  'checkins',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    happened: boolean('happened').notNull(),
    rating: smallint('rating'),
    summary: text('summary'),
    nextStep: text('next_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('checkins_meeting_membership_uq').on(t.meetingId, t.membershipId)],
);

/**
 * Answers about the pair that are not tied to one meeting: fit after the first meeting, and the
 * monthly pulse (mood, then progress towards the goals).
 */
export const pairFeedbackKinds = ['fit', 'pulse', 'progress'] as const;
export type PairFeedbackKind = (typeof pairFeedbackKinds)[number];
export const pairFeedback = pgTable(
  'pair_feedback',
  {
    id: serial('id').primaryKey(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => pairs.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: pairFeedbackKinds }).notNull(),
    /** fit: good | deciding | bad; pulse: mood 1..5; progress: yes | some | no */
    value: text('value').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pair_feedback_pair_idx').on(t.pairId, t.kind)],
);

export type Meeting = typeof meetings.$inferSelect;
export type Checkin = typeof checkins.$inferSelect;
export type PlanTask = typeof planTasks.$inferSelect;
export type PairGoal = typeof pairGoals.$inferSelect;
export type MeetingSchedule = typeof meetingSchedules.$inferSelect;
export type MeetingSlot = typeof meetingSlots.$inferSelect;
export type PairFeedback = typeof pairFeedback.$inferSelect;
