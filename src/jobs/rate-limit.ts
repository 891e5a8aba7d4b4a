// Outbound pacing of the outbox sender. Per messenger, one rate shared by every instance: a row in
// send_rates holds the time the next message may go, and a sender reserves a few slots at a time by
// moving it forward (a generic cell rate algorithm, one short statement per batch), so N instances
// together send at most `perSecond`, not N times it. Per chat (Telegram: one message a second),
// pacing is per instance, in memory: the outbox spreads one person's messages, and a rare clash
// between two instances is a 429 that is waited out.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Platform } from '../../db/schema';

export interface PlatformRate {
  /** Messages per second for this messenger across all instances. */
  perSecond: number;
  /** Messages that may go at once after a quiet spell (default 1: evenly spaced). */
  burst?: number | undefined;
  /** Least time between two messages to one chat, ms (Telegram 1000; 0: no pacing). */
  perChatMs?: number | undefined;
}

export type RateTable = Partial<Record<Platform, PlatformRate>>;

export interface Reservation {
  /** Local times (Date.now() scale) at which the granted messages may go, in order. */
  at: number[];
  /** The same slots on the database's clock (ms since epoch): the one timeline all instances share. */
  databaseAt?: number[] | undefined;
  /** When to come back for the messages not granted (local time). */
  retryAt: number;
  /**
   * How late a slot may still be used, ms. A sender that fell behind (a slow call, a pause of the
   * event loop) and then sent its overdue slots back to back would crowd more than the rate into
   * the next second; a slot missed by more than this is given up and its message reserved again.
   */
  lateMs: number;
}

export interface SendLimiter {
  /** Reserves up to `count` send slots; fewer (even none) when the next seconds are taken. */
  reserve(platform: Platform, count: number): Promise<Reservation>;
  /** The messenger asked to wait (429): no instance sends to it before `untilMs` (local time). */
  pause(platform: Platform, untilMs: number): Promise<void>;
  /** Least time between two messages to one chat, ms (0: none). */
  perChatMs(platform: Platform): number;
  /** The earliest local time a message to this chat may go. */
  chatReadyAt(platform: Platform, chatId: string, nowMs: number): number;
  /** Records a message sent to this chat at `atMs`. */
  chatSent(platform: Platform, chatId: string, atMs: number): void;
  /** Messages worth leasing at once: about what can be sent within the reservation horizon. */
  readonly batchHint: number;
}

/** No limits (tests and benches against an in-process sender). */
export function unlimitedSendLimiter(batchHint = 200): SendLimiter {
  return {
    batchHint,
    async reserve(_platform, count) {
      const now = Date.now();
      return { at: Array.from({ length: count }, () => now), retryAt: now, lateMs: Number.POSITIVE_INFINITY };
    },
    async pause() {},
    perChatMs: () => 0,
    chatReadyAt: (_platform, _chatId, nowMs) => nowMs,
    chatSent() {},
  };
}

export interface SharedLimiterOptions {
  rates: RateTable;
  /** Slots are reserved at most this far ahead (default 2 s); the rest of a batch goes back to the outbox. */
  horizonMs?: number | undefined;
  /** Distinguishes several bots of one messenger sharing a database (default: none). */
  namePrefix?: string | undefined;
}

/** The limiter shared through PostgreSQL (or the embedded database) by every instance. */
export function createSharedSendLimiter(db: Db, options: SharedLimiterOptions): SendLimiter {
  const horizonMs = options.horizonMs ?? 2000;
  const prefix = options.namePrefix ?? '';
  const created = new Set<string>();
  const chats = createChatPacer();
  const rateOf = (platform: Platform): PlatformRate | undefined => {
    const rate = options.rates[platform];
    return rate !== undefined && Number.isFinite(rate.perSecond) && rate.perSecond > 0 ? rate : undefined;
  };
  const rows = async (name: string): Promise<void> => {
    if (created.has(name)) return;
    await db.execute(sql`insert into send_rates (name, next_at) values (${name}, to_timestamp(0)) on conflict do nothing`);
    created.add(name);
  };
  const largest = Math.max(0, ...Object.values(options.rates).map((r) => (r ? Math.ceil((r.perSecond * horizonMs) / 1000) : 0)));

  return {
    batchHint: Math.max(1, largest),
    async reserve(platform, count) {
      const rate = rateOf(platform);
      const localNow = Date.now();
      if (rate === undefined || count <= 0) {
        return { at: Array.from({ length: Math.max(0, count) }, () => localNow), retryAt: localNow, lateMs: Number.POSITIVE_INFINITY };
      }
      const name = `${prefix}${platform}`;
      await rows(name);
      const intervalMs = 1000 / rate.perSecond;
      const toleranceMs = Math.max(0, (rate.burst ?? 1) - 1) * intervalMs;
      const before = Date.now();
      // Locked read, then the move: two instances reserving at once are served one after the other.
      const result = await db.execute(sql`
        with s as (select name, next_at from send_rates where name = ${name} for no key update),
        c as (select name, greatest(next_at, clock_timestamp() - ${toleranceMs}::float8 * interval '1 millisecond') as base, clock_timestamp() as now from s),
        g as (
          select name, base, now,
            least(${count}::int, greatest(0, floor((extract(epoch from (now - base)) * 1000 + ${horizonMs}::float8) / ${intervalMs}::float8)))::int as granted
          from c
        )
        update send_rates r set next_at = g.base + g.granted * ${intervalMs}::float8 * interval '1 millisecond'
        from g where r.name = g.name
        returning (extract(epoch from g.base) * 1000)::float8 as base_ms, (extract(epoch from g.now) * 1000)::float8 as now_ms, g.granted as granted`);
      const row = rowsOf<{ base_ms: number | string; now_ms: number | string; granted: number | string }>(result)[0];
      if (row === undefined) throw new Error(`send_rates row ${name} is missing`);
      // Database time to local time, taking the statement's moment as halfway through the round trip.
      const offset = (before + Date.now()) / 2 - Number(row.now_ms);
      const databaseBase = Number(row.base_ms);
      const granted = Number(row.granted);
      const databaseAt = Array.from({ length: granted }, (_, i) => databaseBase + i * intervalMs);
      return {
        at: databaseAt.map((t) => t + offset),
        databaseAt,
        retryAt: Math.max(Date.now(), databaseBase + offset + granted * intervalMs - horizonMs),
        // One interval and the burst allowance, so at most one message more than the rate goes in any
        // second; and this round trip, so a slow reservation's first slots are not already missed.
        lateMs: intervalMs + toleranceMs + (Date.now() - before),
      };
    },
    async pause(platform, untilMs) {
      if (rateOf(platform) === undefined) return;
      const name = `${prefix}${platform}`;
      await rows(name);
      const waitMs = Math.max(0, untilMs - Date.now());
      await db.execute(
        sql`update send_rates set next_at = greatest(next_at, clock_timestamp() + ${waitMs}::float8 * interval '1 millisecond') where name = ${name}`,
      );
    },
    perChatMs: (platform) => rateOf(platform)?.perChatMs ?? 0,
    chatReadyAt: (platform, chatId, nowMs) => chats.readyAt(`${platform}:${chatId}`, nowMs, rateOf(platform)?.perChatMs ?? 0),
    chatSent: (platform, chatId, atMs) => {
      if ((rateOf(platform)?.perChatMs ?? 0) > 0) chats.sent(`${platform}:${chatId}`, atMs);
    },
  };
}

/** The last send per chat, forgotten once it no longer matters. */
function createChatPacer() {
  const last = new Map<string, number>();
  let lastSweep = 0;
  return {
    readyAt(key: string, nowMs: number, perChatMs: number): number {
      if (perChatMs <= 0) return nowMs;
      const previous = last.get(key);
      return previous === undefined ? nowMs : Math.max(nowMs, previous + perChatMs);
    },
    sent(key: string, atMs: number): void {
      last.set(key, atMs);
      if (last.size > 10_000 && atMs - lastSweep > 10_000) {
        lastSweep = atMs;
        for (const [k, at] of last) if (atMs - at > 60_000) last.delete(k);
      }
    },
  };
}

/** db.execute() answers with an array (postgres.js) or `{ rows }` (PGlite). */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
