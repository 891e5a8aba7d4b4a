// Conversation state per person: which flow they are in and its data.
import { and, eq, sql } from 'drizzle-orm';
import { cachedStatement, type Executor } from '../client';
import { flowStates, identities, type Platform } from '../schema';

export interface StoredFlowState {
  flow: string | null;
  data: Record<string, unknown>;
}

const selectFlowState = cachedStatement((db, v: { personId: number }) =>
  db.select().from(flowStates).where(eq(flowStates.personId, v.personId)),
);

const selectFlowStateOfIdentity = cachedStatement((db, v: { platform: Platform; externalId: string }) =>
  db
    .select()
    .from(flowStates)
    .where(
      eq(
        flowStates.personId,
        db
          .select({ personId: identities.personId })
          .from(identities)
          .where(and(eq(identities.platform, v.platform), eq(identities.externalId, v.externalId))),
      ),
    ),
);

const upsertFlowState = cachedStatement((db, v: { personId: number; flow: string | null; data: Record<string, unknown>; now: Date }) =>
  db
    .insert(flowStates)
    .values({ personId: v.personId, flow: v.flow, data: v.data, updatedAt: v.now })
    .onConflictDoUpdate({
      target: flowStates.personId,
      set: { flow: sql`excluded.flow`, data: sql`excluded.data`, updatedAt: sql`excluded.updated_at` },
    }),
);

type FlowStateRow = typeof flowStates.$inferSelect;

function stored(row: FlowStateRow | undefined): StoredFlowState {
  return row ? { flow: row.flow, data: row.data } : { flow: null, data: {} };
}

export async function loadFlowState(db: Executor, personId: number): Promise<StoredFlowState> {
  const [row] = await selectFlowState(db, { personId });
  return stored(row);
}

/** The flow state of the person behind a messenger identity (none for an unknown identity). */
export async function loadFlowStateOfIdentity(db: Executor, platform: Platform, externalId: string): Promise<StoredFlowState> {
  const [row] = await selectFlowStateOfIdentity(db, { platform, externalId });
  return stored(row);
}

export async function saveFlowState(db: Executor, personId: number, state: StoredFlowState, now: Date): Promise<void> {
  await upsertFlowState(db, { personId, flow: state.flow, data: state.data, now });
}
