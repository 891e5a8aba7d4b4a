// People and their messenger identities: one person may write from Telegram, VK or the terminal.

import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const people = pgTable('people', {
  id: serial('id').primaryKey(),
  /** Filled from the questionnaire after consent; null before it and after withdrawal. */
  fullName: text('full_name'),
  /** Interface language chosen with /language or taken from the messenger. */
  locale: text('locale').notNull().default('ru'),
  /** Set when the person asked for their data to be removed. */
  erasedAt: timestamp('erased_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const platforms = ['telegram', 'vk', 'terminal'] as const;
export type Platform = (typeof platforms)[number];

export const identities = pgTable(
  'identities',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: platforms }).notNull(),
    /** The user's id on the platform. */
    externalId: text('external_id').notNull(),
    /** Where to write to this user (private chat / peer id). */
    chatId: text('chat_id').notNull(),
    /** The messenger refused delivery (the user blocked the bot). */
    unreachableAt: timestamp('unreachable_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('identities_platform_external_uq').on(t.platform, t.externalId),
    index('identities_person_idx').on(t.personId),
  ],
);

/** One-time codes that link a second messenger to the same person. */
export const linkCodes = pgTable('link_codes', {
  code: text('code').primaryKey(),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});


export type Person = typeof people.$inferSelect;
export type Identity = typeof identities.$inferSelect;
