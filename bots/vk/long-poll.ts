// The Bots Long Poll loop: fetches community events and hands each batch to a consumer that can
// hold the next request back.
//
// Why not vk-io's own transport (4.10, PollingTransport): it stores the new `ts` before handlers run
// and calls them without awaiting, so a handler that throws (database down) loses its event for good
// (vk-io's composer only prints the error, request parameters and all, with console.error); a bad
// JSON payload throws out of its batch loop and drops the rest of the batch; there is no
// back-pressure or per-chat order; and stop() only sets a flag, so the open request (wait=25) still
// delivers events after stop. Here the consumer queues each batch (per-peer order, in-process retry
// until the handler succeeds) and the loop waits for room; stop() aborts the open request.
import { z } from 'zod';
import type { API } from 'vk-io';
import type { Logger } from '../../src/logger';
import { pause } from '../../src/pause';

export interface LongPollOptions {
  api: API;
  groupId: number;
  logger: Logger;
  /** Receives each batch in order; the next request waits until it resolves (back-pressure). */
  onEvents: (events: unknown[]) => Promise<void>;
  /** Seconds the server may hold a request open (VK recommends 25, allows 90). */
  waitSeconds?: number | undefined;
  /** First pause after a failed request; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
}

export interface LongPoll {
  /** Gets a session from groups.getLongPollServer (errors surface here) and starts the loop. */
  start(): Promise<void>;
  /** Aborts the open request and resolves when the loop has ended. */
  stop(): Promise<void>;
}

const serverSchema = z.object({
  server: z.string().min(1),
  key: z.string().min(1),
  ts: z.union([z.string(), z.number()]).transform(String),
});

const responseSchema = z.union([
  z.object({ failed: z.number().int(), ts: z.union([z.string(), z.number()]).transform(String).optional() }),
  z.object({ ts: z.union([z.string(), z.number()]).transform(String), updates: z.array(z.unknown()) }),
]);

type Session = z.output<typeof serverSchema>;

export function createLongPoll(options: LongPollOptions): LongPoll {
  const { api, groupId, logger } = options;
  const waitSeconds = options.waitSeconds ?? 25;
  const initialDelay = options.retryDelayMs ?? 1000;
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  let controller = new AbortController();
  let loop: Promise<void> | undefined;

  const getSession = async (): Promise<Session> => serverSchema.parse(await api.groups.getLongPollServer({ group_id: groupId }));

  const check = async (session: Session, ts: string, signal: AbortSignal): Promise<z.output<typeof responseSchema>> => {
    const url = new URL(session.server);
    url.searchParams.set('act', 'a_check');
    url.searchParams.set('key', session.key);
    url.searchParams.set('ts', ts);
    url.searchParams.set('wait', String(waitSeconds));
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout((waitSeconds + 15) * 1000)]) });
    if (!response.ok) throw new Error(`long poll server answered HTTP ${response.status}`);
    return responseSchema.parse(await response.json());
  };

  const run = async (first: Session, signal: AbortSignal): Promise<void> => {
    let session = first;
    let ts = first.ts;
    let delay = initialDelay;
    while (!signal.aborted) {
      try {
        const result = await check(session, ts, signal);
        if ('failed' in result) {
          // 1: history lost, go on from the given ts; 2: key expired; 3: session lost, ts too.
          if (result.failed === 1 && result.ts !== undefined) {
            logger.warn({ failed: 1 }, 'vk long poll history was partly lost');
            ts = result.ts;
          } else {
            logger.info({ failed: result.failed }, 'vk long poll session renewed');
            const renewed = await getSession();
            session = renewed;
            if (result.failed !== 2) ts = renewed.ts;
          }
          continue;
        }
        delay = initialDelay;
        if (result.updates.length > 0) await options.onEvents(result.updates);
        ts = result.ts;
      } catch (error) {
        if (signal.aborted) break;
        logger.warn({ err: { name: errorName(error), message: errorMessage(error) }, retryInMs: delay }, 'vk long poll request failed');
        await pause(delay, signal);
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  };

  return {
    async start() {
      if (loop !== undefined) return;
      controller = new AbortController();
      const session = await getSession();
      const signal = controller.signal;
      loop = run(session, signal).catch((error: unknown) => {
        logger.fatal({ err: { name: errorName(error), message: errorMessage(error) } }, 'vk long poll stopped');
      });
    },
    async stop() {
      const running = loop;
      if (running === undefined) return;
      loop = undefined;
      controller.abort();
      await running;
    },
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
