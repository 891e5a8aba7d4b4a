// Conversation state per person: which flow they are in and its data.
import { eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { flowStates } from '../schema';

export interface StoredFlowState {
  flow: string | null;
  data: Record<string, unknown>;
}

export async function loadFlowState(db: Executor, personId: number): Promise<StoredFlowState> {
  const [row] = await db.select().from(flowStates).where(eq(flowStates.personId, personId));
  return row ? { flow: row.flow, data: row.data } : { flow: null, data: {} };
}

export async function saveFlowState(db: Executor, personId: number, state: StoredFlowState, now: Date): Promise<void> {
  await db
    .insert(flowStates)
    .values({ personId, flow: state.flow, data: state.data, updatedAt: now })
    .onConflictDoUpdate({ target: flowStates.personId, set: { flow: state.flow, data: state.data, updatedAt: now } });
}
