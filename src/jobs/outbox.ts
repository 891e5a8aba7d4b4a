// The outbox sender: leases due outbox rows (FOR UPDATE SKIP LOCKED, then a lease time instead of a
// held lock, so no transaction stays open while a messenger answers), sends each to the person's
// preferred messenger under the rate limits, and marks it sent. Delivery is at least once: a sender
// that dies between sending and marking leaves its lease to run out and the row is sent again
// (VK drops the repeat: its random_id is derived from the row's key). A person who blocked the bot
// is marked unreachable and their curators are told once; a 429 moves the row and pauses the
// messenger for every instance; other failures are retried with backoff, then given up and logged.
import { markIdentityUnreachable } from '../../db/queries/people';
import {
  curatorsOfPerson,
  finishOutbox,
  leaseDueOutbox,
  markOutboxSent,
  personName,
  preferredIdentities,
  releaseOutbox,
} from '../../db/queries/jobs';
import type { Database, Db } from '../../db/client';
import type { Identity, OutboxRow, Platform } from '../../db/schema';
import { DeliveryError, type MessageSender, type OutboundMessage } from '../../flows/events';
import type { I18n } from '../i18n';
import { loggableError, type Logger } from '../logger';
import { queueMessageFor } from './jobs';
import { decodeMessage } from './messages';
import { unlimitedSendLimiter, type SendLimiter } from './rate-limit';
import type { JobStats } from './stats';
import { pause } from '../pause';

/**
 * An adapter's sender. `idempotencyKey` names the message among everything the outbox sends: a
 * messenger that can drop a repeat (VK's random_id) derives its id from it.
 */
export interface OutboxSender {
  platform: Platform;
  send(chatId: string, message: OutboundMessage, idempotencyKey?: string): Promise<void>;
}

export interface SendDueOutboxOptions {
  now: Date;
  i18n: I18n;
  logger: Logger;
  /** At most this many rows per call (default 1000); the next tick takes the rest. */
  limit?: number | undefined;
  /** Rows leased at once (default: the limiter's hint, about what it lets out in two seconds). */
  batchSize?: number | undefined;
  /** How long a leased row is kept from other senders (default 5 min): longer than any send may take. */
  leaseMs?: number | undefined;
  /** A row that failed (not a rate limit) this many times is given up (default 8). */
  maxAttempts?: number | undefined;
  /** Pause before the next attempt after `attempts` failures (default 10 s doubling, at most 30 min). */
  retryDelayMs?: ((attempts: number) => number) | undefined;
  limiter?: SendLimiter | undefined;
  stats?: JobStats | undefined;
  instanceId?: string | undefined;
  /** Aborted: no more rows are leased, waiting ends, the rows not yet sent go back at once. */
  signal?: AbortSignal | undefined;
}

export interface SendDueOutboxResult {
  sent: number;
  /** Put back for later: rate limits, per-chat pacing, failures to retry, shutdown. */
  deferred: number;
  failed: number;
  unreachable: number;
}

export const defaultSendRetryDelayMs = (attempts: number): number => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 1_800_000);

/** Marks of sent rows are written in small groups: at most this many unmarked at once. */
const MARK_EVERY = 50;
const MARK_AFTER_MS = 25;

export async function sendDueOutbox(
  database: Pick<Database, 'db'> | Db,
  senders: OutboxSender | readonly OutboxSender[],
  options: SendDueOutboxOptions,
): Promise<SendDueOutboxResult> {
  const db = 'transaction' in database ? database : database.db;
  const byPlatform = new Map<Platform, OutboxSender>();
  for (const sender of Array.isArray(senders) ? (senders as readonly OutboxSender[]) : [senders as OutboxSender]) {
    byPlatform.set(sender.platform, sender);
  }
  const limiter = options.limiter ?? unlimitedSendLimiter();
  const limit = options.limit ?? 1000;
  const batchSize = Math.max(1, options.batchSize ?? limiter.batchHint);
  const leaseMs = options.leaseMs ?? 300_000;
  // A message is not started this close to the end of its lease: another sender may take it then.
  const leaseMargin = Math.min(10_000, leaseMs / 3);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const retryDelayMs = options.retryDelayMs ?? defaultSendRetryDelayMs;
  const { stats, signal } = options;
  const log = options.logger.child({ scheduler: options.instanceId ?? 'outbox' });
  // The caller's clock moved on by the real time spent here (tests pass a clock of their own).
  const startedReal = Date.now();
  const clock = (): Date => new Date(options.now.getTime() + (Date.now() - startedReal));
  const localToClock = (localMs: number): Date => new Date(options.now.getTime() + (localMs - startedReal));
  const result: SendDueOutboxResult = { sent: 0, deferred: 0, failed: 0, unreachable: 0 };

  const marks = createMarker(db, clock);

  const release = async (rows: OutboxRow[], at: Date, error: string | null, countAttempt: boolean): Promise<void> => {
    if (rows.length === 0) return;
    await releaseOutbox(
      db,
      rows.map((r) => r.id),
      at,
      error,
      countAttempt,
    );
    result.deferred += rows.length;
  };

  const fail = async (row: OutboxRow, error: string): Promise<void> => {
    if (row.attempts >= maxAttempts) {
      await finishOutbox(db, [row.id], 'failed', error);
      result.failed += 1;
      if (stats) stats.sendFailed += 1;
      log.error({ outboxId: row.id, personId: row.personId, attempts: row.attempts, error }, 'message given up after its last attempt');
    } else {
      await release([row], new Date(clock().getTime() + retryDelayMs(row.attempts)), error, true);
      if (stats) stats.sendRetried += 1;
      log.warn({ outboxId: row.id, personId: row.personId, attempts: row.attempts, error }, 'message not sent; it will be retried');
    }
  };

  const blocked = async (row: OutboxRow, identity: Identity, reason: string): Promise<void> => {
    const now = clock();
    await db.transaction(async (tx) => {
      await markIdentityUnreachable(tx, identity.platform, identity.chatId, now);
      await finishOutbox(tx, [row.id], 'unreachable', reason);
      const curators = await curatorsOfPerson(tx, row.personId);
      if (curators.length === 0) return;
      const name = (await personName(tx, row.personId)) ?? '—';
      const programmesOf = new Map<number, string[]>();
      for (const c of curators) programmesOf.set(c.curatorPersonId, [...(programmesOf.get(c.curatorPersonId) ?? []), c.programmeName]);
      // One notice per person and blocking: the key names the identity as it was when last seen, so
      // a person who writes again and blocks again is reported again, a second failed row is not.
      const episode = `${row.personId}:${identity.id}:${identity.lastSeenAt.getTime()}`;
      for (const [curatorPersonId, names] of programmesOf) {
        await queueMessageFor(tx, options.i18n, {
          personId: curatorPersonId,
          dedupeKey: `unreachable:${episode}:${curatorPersonId}`,
          notBefore: now,
          build: (t) => ({ text: t('jobs-unreachable-notice', { name, messenger: identity.platform, programmes: names.join(', ') }) }),
        });
      }
    });
    result.unreachable += 1;
    if (stats) stats.unreachable += 1;
    log.info({ outboxId: row.id, personId: row.personId, platform: identity.platform }, 'person blocked the bot: marked unreachable, curators told');
  };

  /** Sends one messenger's share of a batch, in its reserved slots. */
  const sendGroup = async (platform: Platform, group: { row: OutboxRow; identity: Identity; message: OutboundMessage }[]): Promise<void> => {
    const sender = byPlatform.get(platform);
    if (sender === undefined) {
      for (const { row } of group) await fail(row, `no ${platform} adapter in this instance`);
      return;
    }
    // One message per chat per pacing interval (Telegram); the others wait in the outbox, in order.
    const nowMs = Date.now();
    const gap = limiter.perChatMs(platform);
    const ready: typeof group = [];
    const lastInBatch = new Map<string, number>();
    for (const item of group) {
      const chat = item.identity.chatId;
      const previous = lastInBatch.get(chat);
      const readyAt = Math.max(limiter.chatReadyAt(platform, chat, nowMs), previous === undefined ? nowMs : previous + gap);
      if (readyAt > nowMs) {
        await release([item.row], localToClock(readyAt), null, false);
        lastInBatch.set(chat, readyAt);
        continue;
      }
      lastInBatch.set(chat, nowMs);
      ready.push(item);
    }
    if (ready.length === 0) return;
    const reservation = await limiter.reserve(platform, ready.length);
    const granted = ready.slice(0, reservation.at.length);
    await release(
      ready.slice(reservation.at.length).map((i) => i.row),
      localToClock(reservation.retryAt),
      null,
      false,
    );
    const leaseDeadline = (row: OutboxRow): number => row.notBefore.getTime() - options.now.getTime() + startedReal - leaseMargin;
    const blockedChats = new Set<string>();
    for (const [index, item] of granted.entries()) {
      if (blockedChats.has(item.identity.chatId)) {
        // Another message of a person who just blocked the bot: looked at again with their other messengers, if any.
        await release([item.row], clock(), null, false);
        continue;
      }
      const slot = reservation.at[index] ?? Date.now();
      const waitMs = slot - Date.now();
      if (waitMs > 0) {
        await marks.flush();
        if (stats) stats.rateWaitMs += waitMs;
        await pause(waitMs, signal);
      }
      // Shut down, the lease nearly out (something stalled), or this slot missed (sending it now would
      // crowd the rate): the rest goes back at once, to be reserved again.
      if (signal?.aborted === true || Date.now() > leaseDeadline(item.row) || Date.now() - slot > reservation.lateMs) {
        await release(
          granted.slice(index).map((i) => i.row),
          clock(),
          null,
          false,
        );
        return;
      }
      try {
        await sender.send(item.identity.chatId, item.message, `outbox:${item.row.id}`);
        limiter.chatSent(platform, item.identity.chatId, Date.now());
        marks.add(item.row.id);
        result.sent += 1;
        if (stats) stats.sent[platform] += 1;
        await marks.maybeFlush();
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('failed', error instanceof Error ? error.message : String(error));
        if (failure.reason === 'blocked') {
          blockedChats.add(item.identity.chatId);
          await blocked(item.row, item.identity, failure.message);
          continue;
        }
        if (failure.reason === 'rate_limited') {
          if (stats) stats.rateLimited[platform] += 1;
          const until = Date.now() + Math.max(1, failure.retryAfterSeconds ?? 1) * 1000;
          log.warn({ platform, retryAfter: failure.retryAfterSeconds }, 'messenger asked to slow down; its messages wait');
          await limiter.pause(platform, until);
          await release(
            granted.slice(index).map((i) => i.row),
            localToClock(until),
            `rate limited: ${failure.message}`,
            false,
          );
          return;
        }
        await fail(item.row, failure.message.slice(0, 500));
      }
    }
  };

  try {
    while (result.sent + result.deferred + result.failed + result.unreachable < limit && signal?.aborted !== true) {
      const size = Math.min(batchSize, limit - (result.sent + result.deferred + result.failed + result.unreachable));
      const now = clock();
      const rows = await leaseDueOutbox(db, now, new Date(now.getTime() + leaseMs), size);
      if (rows.length === 0) break;
      const identities = await preferredIdentities(
        db,
        rows.map((r) => r.personId),
      );
      const groups = new Map<Platform, { row: OutboxRow; identity: Identity; message: OutboundMessage }[]>();
      const gone: OutboxRow[] = [];
      for (const row of rows) {
        const identity = identities.get(row.personId);
        if (identity === undefined) {
          gone.push(row);
          continue;
        }
        const message = decodeMessage(row.message);
        if (message === undefined) {
          log.error({ outboxId: row.id }, 'outbox message does not parse; not sent');
          await finishOutbox(db, [row.id], 'failed', 'message does not parse');
          result.failed += 1;
          if (stats) stats.sendFailed += 1;
          continue;
        }
        const group = groups.get(identity.platform) ?? [];
        group.push({ row, identity, message });
        groups.set(identity.platform, group);
      }
      if (gone.length > 0) {
        // Blocked before, withdrawn, or never had a messenger: nothing to send to (the curators were told when it happened).
        await finishOutbox(
          db,
          gone.map((r) => r.id),
          'unreachable',
          'no reachable messenger',
        );
        result.unreachable += gone.length;
        if (stats) stats.unreachable += gone.length;
      }
      // Messengers do not wait for each other.
      await Promise.all([...groups].map(([platform, group]) => sendGroup(platform, group)));
      await marks.flush();
    }
  } finally {
    await marks.flush().catch((error: unknown) => {
      log.error({ err: loggableError(error) }, 'could not mark sent messages; they will be sent again when their lease runs out');
    });
  }
  return result;
}

/** Collects the ids of sent rows and marks them in small groups. */
function createMarker(db: Db, clock: () => Date) {
  let pending: number[] = [];
  let oldest = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const ids = pending;
    pending = [];
    await markOutboxSent(db, ids, clock());
  };
  return {
    add(id: number): void {
      if (pending.length === 0) oldest = Date.now();
      pending.push(id);
    },
    flush,
    async maybeFlush(): Promise<void> {
      if (pending.length >= MARK_EVERY || Date.now() - oldest >= MARK_AFTER_MS) await flush();
    },
  };
}
