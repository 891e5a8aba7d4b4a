// Waiting between retries and polls: a pause that ends early, and quietly, when its signal aborts
// (shutdown should not wait out a backoff, nor see an AbortError).
import { setTimeout as wait } from 'node:timers/promises';

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return;
  await wait(ms, undefined, signal === undefined ? undefined : { signal }).catch(() => undefined);
}
