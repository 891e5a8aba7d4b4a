// A person's role in a programme, their consents and the invite codes that brought them in.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { programmes } from './organisations';
import { people } from './people';

export const roles = ['mentee', 'mentor', 'curator'] as const;
export type Role = (typeof roles)[number];

/** joined -> consented -> questionnaire_done; later issues add readiness and pairing. */
export const membershipStatuses = ['joined', 'consented', 'questionnaire_done', 'withdrawn'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

export const mentorReadiness = ['interviewed', 'trained', 'ready'] as const;
export type MentorReadiness = (typeof mentorReadiness)[number];

export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    status: text('status', { enum: membershipStatuses }).notNull().default('joined'),
    inviteCode: text('invite_code'),
    /** Mentor readiness (stage 4): only ready mentors are matched. */
    readiness: text('readiness', { enum: mentorReadiness }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_person_programme_role_uq').on(t.personId, t.programmeId, t.role),
    index('memberships_programme_role_status_idx').on(t.programmeId, t.role, t.status),
  ],
);

export const consentKinds = ['personal_data', 'parental'] as const;

export const consents = pgTable(
  'consents',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: consentKinds }).notNull(),
    /** Version of the consent text the person agreed to (locales: consent-text-version). */
    textVersion: text('text_version').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    parentName: text('parent_name'),
    parentContact: text('parent_contact'),
  },
  (t) => [index('consents_person_idx').on(t.personId, t.programmeId)],
);

export const invites = pgTable(
  'invites',
  {
    code: text('code').primaryKey(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdByPersonId: integer('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('invites_programme_idx').on(t.programmeId),
    check('invites_uses_within_limit', sql`${t.maxUses} is null or ${t.uses} <= ${t.maxUses}`),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type Invite = typeof invites.$inferSelect;
export type Consent = typeof consents.$inferSelect;
