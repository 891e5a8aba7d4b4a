// Regional coordinators: a role above organisations. A coordinator sees every organisation of their
// region (and, when set, only of one municipality) — figures, never another region's.
import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './people';

export const coordinators = pgTable(
  'coordinators',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    region: text('region').notNull(),
    /** Null: the whole region. */
    municipality: text('municipality'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('coordinators_person_idx').on(t.personId), index('coordinators_region_idx').on(t.region)],
);

export type Coordinator = typeof coordinators.$inferSelect;
