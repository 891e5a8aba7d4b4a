// The audit log: every curator action, who did it and when.
import type { Executor } from '../../db/client';
import { auditLog } from '../../db/schema';

export async function recordAudit(
  db: Executor,
  entry: { programmeId: number | null; actorPersonId: number | null; action: string; details?: Record<string, unknown>; now: Date },
): Promise<void> {
  await db.insert(auditLog).values({
    programmeId: entry.programmeId,
    actorPersonId: entry.actorPersonId,
    action: entry.action,
    details: entry.details ?? {},
    at: entry.now,
  });
}
