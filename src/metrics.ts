// The instance's Prometheus metrics: one registry per application, fed by the engine's observer,
// sampled from the database on scrape (active flows), and served at GET /metrics.
import { sql, type SQL } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client';
import { platforms } from '../db/schema';
import type { EngineObserver, UpdateOutcome } from '../flows/engine';
import type { JobStats } from './jobs/stats';

export interface Metrics extends EngineObserver {
  registry: Registry;
  /** The Prometheus text exposition format's content type. */
  contentType: string;
  /** Samples the database-backed gauges and renders every metric. */
  render(): Promise<string>;
  /** Adds process and Node.js metrics (memory, CPU, event loop lag, GC): once, in the process that serves them. */
  collectProcessMetrics(): void;
  /** Publishes the counters of this instance's scheduler and outbox sender (src/jobs/stats.ts), read on scrape. */
  observeJobs(stats: JobStats): void;
}

export interface MetricsOptions {
  db: Db;
  /** A database sample slower than this is skipped for this scrape (default 2 s). */
  sampleTimeoutMs?: number;
}

const knownPlatforms = new Set<string>(platforms);

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const sampleTimeoutMs = options.sampleTimeoutMs ?? 2_000;
  let processMetrics = false;

  const updates = new Counter({
    name: 'nastavnik_updates_total',
    help: 'Inbound messenger updates by messenger and outcome (handled, duplicate, malformed, failed, retried).',
    labelNames: ['messenger', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'nastavnik_update_handling_seconds',
    help: 'Time the engine took for one update, database transaction included.',
    labelNames: ['messenger'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'nastavnik_active_flows',
    help: 'People in the middle of a conversation (a flow_states row with a flow), sampled on scrape; NaN when the database did not answer.',
    registers: [registry],
    async collect() {
      this.set(await sample(() => countRows(options.db, sql`select count(*)::int as n from flow_states where flow is not null`), sampleTimeoutMs));
    },
  });

  // The scheduler counts in a plain object (src/jobs/stats.ts); the counters below copy it on scrape.
  let jobStats: JobStats | undefined;
  const fromStats = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (stats: JobStats) => [Partial<Record<L, string>>, number][],
  ): void => {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        if (!jobStats) return;
        this.reset();
        for (const [labels, value] of read(jobStats)) this.inc(labels, value);
      },
    });
  };
  const byMessenger = (counts: Record<string, number>): [{ messenger: string }, number][] =>
    platforms.map((messenger) => [{ messenger }, counts[messenger] ?? 0]);
  fromStats('nastavnik_jobs_total', 'Scheduled jobs run by this instance, by outcome: done, retried (will run again), failed (given up), no_handler.', ['outcome'], (s) => [
    [{ outcome: 'done' }, s.jobsRun],
    [{ outcome: 'retried' }, s.jobsRetried],
    [{ outcome: 'failed' }, s.jobsFailed],
    [{ outcome: 'no_handler' }, s.jobsWithoutHandler],
  ]);
  fromStats('nastavnik_outbox_sent_total', 'Queued messages (reminders, check-ins, notices) handed to a messenger by this instance.', ['messenger'], (s) => byMessenger(s.sent));
  fromStats('nastavnik_outbox_failures_total', 'Queued messages not sent: retried (will be sent again), failed (given up), unreachable (blocked the bot, no messenger left).', ['outcome'], (s) => [
    [{ outcome: 'retried' }, s.sendRetried],
    [{ outcome: 'failed' }, s.sendFailed],
    [{ outcome: 'unreachable' }, s.unreachable],
  ]);
  fromStats('nastavnik_outbound_rate_limited_total', 'Answers 429 / flood control from a messenger to this instance\'s outbox sender.', ['messenger'], (s) => byMessenger(s.rateLimited));
  fromStats('nastavnik_outbox_rate_wait_seconds_total', 'Time the outbox sender waited for its rate slots.', [], (s) => [[{}, s.rateWaitMs / 1000]]);
  new Gauge({
    name: 'nastavnik_jobs_due',
    help: 'Scheduled jobs due and waiting to run (all instances; a failed one once its retry pause is over), sampled on scrape; NaN when the database did not answer.',
    registers: [registry],
    async collect() {
      this.set(await sample(() => countRows(options.db, sql`select count(*)::int as n from jobs where status = 'pending' and due_at <= now() and (next_attempt_at is null or next_attempt_at <= now())`), sampleTimeoutMs));
    },
  });
  new Gauge({
    name: 'nastavnik_outbox_pending',
    help: 'Queued messages ready to send and not yet sent (all instances), sampled on scrape; NaN when the database did not answer.',
    registers: [registry],
    async collect() {
      this.set(await sample(() => countRows(options.db, sql`select count(*)::int as n from outbox where status = 'pending' and not_before <= now()`), sampleTimeoutMs));
    },
  });

  // Every series exists from the start, so rates work from the first scrape.
  for (const messenger of platforms) {
    latency.zero({ messenger });
    for (const outcome of ['handled', 'duplicate', 'malformed', 'failed', 'retried'] satisfies UpdateOutcome[]) {
      updates.inc({ messenger, outcome }, 0);
    }
  }

  return {
    registry,
    contentType: registry.contentType,
    updateHandled(platform, outcome, seconds) {
      // The platform of a malformed update is client data: never a new label value.
      const messenger = knownPlatforms.has(platform) ? platform : 'unknown';
      updates.inc({ messenger, outcome });
      latency.observe({ messenger }, seconds);
    },
    render: () => registry.metrics(),
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    observeJobs(stats) {
      jobStats = stats;
    },
  };
}

async function countRows(db: Db, query: SQL): Promise<number> {
  const rows = await db.execute<{ n: number }>(query);
  // postgres.js returns the rows, PGlite a result with `rows`.
  const list = Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows;
  return Number(list[0]?.n ?? 0);
}

/** A gauge's value, or NaN when the database failed or was too slow: a scrape never hangs on it. */
async function sample(read: () => Promise<number>, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      read(),
      new Promise<number>((resolve) => {
        timer = setTimeout(() => resolve(Number.NaN), timeoutMs);
      }),
    ]);
  } catch {
    return Number.NaN;
  } finally {
    clearTimeout(timer);
  }
}
