// Counts how many times the bot has finished handling each update, so a test waits for "the bot is
// done with this update" (replies sent, callback answered) instead of sleeping.
export interface UpdateTracker {
  record(updateId: string): void;
  count(updateId: string): number;
  /** Every update handled so far, with the number of times. */
  counts(): Map<string, number>;
  /** Resolves once the update has been handled `times` times. */
  waitFor(updateId: string, times?: number, timeoutMs?: number): Promise<void>;
}

export function createUpdateTracker(): UpdateTracker {
  const counts = new Map<string, number>();
  const listeners = new Set<() => void>();
  return {
    record(updateId) {
      counts.set(updateId, (counts.get(updateId) ?? 0) + 1);
      for (const listener of [...listeners]) listener();
    },
    count: (updateId) => counts.get(updateId) ?? 0,
    counts: () => new Map(counts),
    waitFor(updateId, times = 1, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if ((counts.get(updateId) ?? 0) < times) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for update ${updateId} to be handled ${times} time(s); handled ${counts.get(updateId) ?? 0}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}
