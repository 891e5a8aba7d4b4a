// Benchmark of the scheduled fan-out: 100,000 due meeting reminders (each to both members of a pair,
// 200,000 messages) seeded in one INSERT … SELECT generate_series, run by two scheduler instances
// (each with its own connections, as two processes) through the outbox to an in-process sender that
// answers at once, rate limits lifted: jobs/s until the last message is handed over, every message
// handed over once, none lost. Then the same with one instance killed a third of the way through
// (its connections cut, its open transaction rolled back, its sender silent). Then the Telegram
// rate on (30 messages/s shared by both instances): the send rate measured over a minute.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { createDatabase, type Database, type Db } from '../../db/client';
import type { FlowDeps } from '../../flows/context';
import type { OutboundMessage } from '../../flows/events';
import { createI18n } from '../../src/i18n';
import type { OutboxSender } from '../../src/jobs/outbox';
import { createSharedSendLimiter, unlimitedSendLimiter, type SendLimiter } from '../../src/jobs/rate-limit';
import { startScheduler, type Scheduler } from '../../src/jobs/scheduler';
import type { JobHandler } from '../../src/jobs/types';
import { createLogger } from '../../src/logger';
import type { QuestionnaireCatalog } from '../../src/questionnaires/catalog';
import type { BenchResult } from './result';
import { connect, createScratchDatabase, envNumber, runIfMain, thousands, type ScratchDatabase } from './support';

const JOBS_TARGET_PER_SECOND = 3_000;
const TELEGRAM_RATE = 30;
const RATE_FLOOR = 28;
const KIND = 'bench.remind';

export interface FanoutOptions {
  jobs: number;
  /** People in pairs (a job reminds a pair: people 2k and 2k+1). */
  people: number;
  /** Seconds the rate-limited send rate is measured over (after a short warm-up). */
  rateSeconds: number;
}

export function fanoutOptionsFromEnv(): FanoutOptions {
  return {
    jobs: envNumber('BENCH_FANOUT_JOBS', 100_000),
    people: envNumber('BENCH_FANOUT_PEOPLE', 20_000),
    rateSeconds: envNumber('BENCH_FANOUT_RATE_SECONDS', 60),
  };
}

const i18n = createI18n();
const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
const deps: FlowDeps = { i18n, logger, catalog: {} as QuestionnaireCatalog };

/** What meeting.remind does, without the meeting lookups: a text in each member's language to both. */
const remindPair: JobHandler = async (ctx) => {
  const members = ctx.job.payload.people as number[];
  for (const personId of members) {
    await ctx.notify(personId, (t) => ({
      text: t('jobs-unreachable-notice', { name: `встреча ${ctx.job.key}`, messenger: 'telegram', programmes: 'бенчмарк' }),
      buttons: [[{ label: t('jobs-unreachable-notice', { name: '✓', messenger: 'telegram', programmes: '' }).slice(0, 20), payload: `act:bench:ok:${ctx.job.id}` }]],
    }));
  }
};

/** Hand-overs by outbox key (one per row unless an instance died after sending, before marking). */
interface Ledger {
  times: Map<string, number>;
  /** performance.now() of every hand-over, in order (rate phase). */
  at: number[];
  handed: number;
}

function createLedger(): Ledger {
  return { times: new Map(), at: [], handed: 0 };
}

interface Instance {
  name: string;
  database: Database;
  scheduler: Scheduler;
  freeze(): void;
}

function startInstance(
  scratch: ScratchDatabase,
  name: string,
  ledger: Ledger,
  options: { limiter: (db: Db) => SendLimiter; leaseMs: number; recordTimes: boolean },
): Instance {
  const database = createDatabase({ url: `${scratch.url}?application_name=${name}`, poolSize: 4 });
  const limiter = options.limiter(database.db);
  let frozen = false;
  const sender: OutboxSender = {
    platform: 'telegram',
    async send(_chatId: string, _message: OutboundMessage, key?: string) {
      if (frozen) return new Promise<void>(() => undefined);
      const k = key ?? '?';
      ledger.times.set(k, (ledger.times.get(k) ?? 0) + 1);
      ledger.handed += 1;
      if (options.recordTimes) ledger.at.push(performance.now());
    },
  };
  const scheduler = startScheduler({
    database,
    handlers: new Map([[KIND, remindPair]]),
    deps,
    senders: [sender],
    logger,
    instanceId: name,
    limiter,
    jobs: { limit: 2_000, batchSize: 200 },
    outbox: { limit: 2_000, batchSize: limiter.batchHint, leaseMs: options.leaseMs },
  });
  return {
    name,
    database,
    scheduler,
    freeze() {
      frozen = true;
    },
  };
}

/** The process is gone: its sender silent, its loops stopped, its backends (and open transaction) terminated. */
async function kill(scratch: ScratchDatabase, instance: Instance): Promise<void> {
  instance.freeze();
  void instance.scheduler.stop().catch(() => undefined);
  const admin = connect(scratch.url, { max: 1 });
  try {
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${instance.name} and datname = ${scratch.name}`;
  } finally {
    await admin.end();
  }
}

async function seedPeople(admin: postgres.Sql, people: number): Promise<void> {
  await admin`insert into people (id, full_name, locale) select g, 'Участник ' || g, case when g % 5 = 0 then 'en' else 'ru' end from generate_series(1, ${people}) g`;
  await admin`insert into identities (person_id, platform, external_id, chat_id) select g, 'telegram', (100000000 + g)::text, (100000000 + g)::text from generate_series(1, ${people}) g`;
  await admin`select setval(pg_get_serial_sequence('people', 'id'), ${people})`;
}

/** `jobs` reminders due a minute ago, pair k reminding people 2k+1 and 2k+2 (or one person each when `single`). */
async function seedJobs(admin: postgres.Sql, jobs: number, people: number, single: boolean): Promise<number> {
  const started = performance.now();
  await admin`truncate jobs, outbox`;
  if (single) {
    await admin`insert into jobs (kind, key, due_at, payload)
      select ${KIND}, 'bench:' || g, now() - interval '1 minute', jsonb_build_object('people', jsonb_build_array(1 + g % ${people}))
      from generate_series(1, ${jobs}) g`;
  } else {
    const pairs = Math.floor(people / 2);
    await admin`insert into jobs (kind, key, due_at, payload)
      select ${KIND}, 'bench:' || g, now() - interval '1 minute',
        jsonb_build_object('people', jsonb_build_array(1 + 2 * (g % ${pairs}), 2 + 2 * (g % ${pairs})))
      from generate_series(1, ${jobs}) g`;
  }
  await admin`vacuum analyze jobs`;
  return (performance.now() - started) / 1000;
}

interface Tally {
  jobsDone: number;
  jobsPending: number;
  rows: number;
  sentRows: number;
}

async function tally(admin: postgres.Sql): Promise<Tally> {
  const [row] = await admin<Tally[]>`
    select (select count(*)::int from jobs where status = 'done') as "jobsDone",
           (select count(*)::int from jobs where status = 'pending') as "jobsPending",
           (select count(*)::int from outbox) as rows,
           (select count(*)::int from outbox where status = 'sent') as "sentRows"`;
  if (row === undefined) throw new Error('no tally');
  return row;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`fan-out benchmark: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface FanoutRun {
  seconds: number;
  seedSeconds: number;
  jobsPerSecond: number;
  messagesPerSecond: number;
  expected: number;
  tally: Tally;
  /** Messages never handed over. */
  lost: number;
  /** Outbox keys handed over more than once (a dead instance's sent-but-unmarked rows). */
  repeatedKeys: number;
  /** (job, person) pairs with more than one outbox row: a job that wrote its messages twice. */
  doubleRows: number;
  byInstance: Record<string, number>;
}

async function runFanout(scratch: ScratchDatabase, admin: postgres.Sql, options: FanoutOptions, killOne: boolean): Promise<FanoutRun> {
  const seedSeconds = await seedJobs(admin, options.jobs, options.people, false);
  const expected = options.jobs * 2;
  const ledger = createLedger();
  const limiter = () => unlimitedSendLimiter(500);
  const leaseMs = killOne ? 5_000 : 60_000;
  const started = performance.now();
  const a = startInstance(scratch, 'fanout_a', ledger, { limiter, leaseMs, recordTimes: false });
  const b = startInstance(scratch, 'fanout_b', ledger, { limiter, leaseMs, recordTimes: false });
  a.scheduler.tick();
  b.scheduler.tick();
  let killed = false;
  try {
    if (killOne) {
      await until(() => ledger.times.size >= expected / 3, 600_000, 'a third of the messages');
      await kill(scratch, b);
      killed = true;
    }
    await until(() => ledger.times.size >= expected, 900_000, 'every message handed over');
  } finally {
    await a.scheduler.stop();
    if (!killed) await b.scheduler.stop();
    await a.database.close();
    // The dead instance's client was never closed (a killed process closes nothing); its connections are gone.
    await b.database.close().catch(() => undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  const final = await tally(admin);
  const [dup] = await admin<{ n: number }[]>`select count(*)::int as n from (select job_id, person_id from outbox group by 1, 2 having count(*) > 1) d`;
  const rowKeys = await admin<{ id: string }[]>`select id::text from outbox`;
  const lost = rowKeys.filter((r) => !ledger.times.has(`outbox:${r.id}`)).length;
  return {
    seconds,
    seedSeconds,
    jobsPerSecond: options.jobs / seconds,
    messagesPerSecond: expected / seconds,
    expected,
    tally: final,
    lost,
    repeatedKeys: [...ledger.times.values()].filter((n) => n > 1).length,
    doubleRows: dup?.n ?? 0,
    byInstance: { a: a.scheduler.stats.jobsRun, b: b.scheduler.stats.jobsRun },
  };
}

interface RateRun {
  windowSeconds: number;
  perSecond: number;
  maxInOneSecond: number;
  sent: number;
  rateLimited: number;
}

/** Two instances under the shared Telegram rate; the rate over `rateSeconds` after 5 s of warm-up. */
async function runRate(scratch: ScratchDatabase, admin: postgres.Sql, options: FanoutOptions): Promise<RateRun> {
  const warmup = 5;
  const jobs = Math.min(options.people, Math.ceil(TELEGRAM_RATE * (options.rateSeconds + warmup + 10)));
  await seedJobs(admin, jobs, options.people, true);
  await admin`delete from send_rates`;
  const ledger = createLedger();
  const rates = { telegram: { perSecond: TELEGRAM_RATE, perChatMs: 1000 } };
  const limiter = (db: Db) => createSharedSendLimiter(db, { rates });
  const pair = ['rate_a', 'rate_b'].map((name) => startInstance(scratch, name, ledger, { limiter, leaseMs: 60_000, recordTimes: true }));
  const started = performance.now();
  for (const i of pair) i.scheduler.tick();
  try {
    await until(() => performance.now() - started >= (warmup + options.rateSeconds) * 1000, (warmup + options.rateSeconds + 60) * 1000, 'the measuring minute');
  } finally {
    for (const i of pair) await i.scheduler.stop();
    for (const i of pair) await i.database.close();
  }
  const from = started + warmup * 1000;
  const to = from + options.rateSeconds * 1000;
  const inWindow = ledger.at.filter((t) => t >= from && t < to);
  let maxInOneSecond = 0;
  let left = 0;
  for (let right = 0; right < inWindow.length; right++) {
    while ((inWindow[right] ?? 0) - (inWindow[left] ?? 0) >= 1000) left += 1;
    maxInOneSecond = Math.max(maxInOneSecond, right - left + 1);
  }
  return {
    windowSeconds: options.rateSeconds,
    perSecond: inWindow.length / options.rateSeconds,
    maxInOneSecond,
    sent: ledger.at.length,
    rateLimited: pair.reduce((n, i) => n + i.scheduler.stats.rateLimited.telegram, 0),
  };
}

export async function benchFanout(options: FanoutOptions = fanoutOptionsFromEnv()): Promise<BenchResult[]> {
  const scratch = await createScratchDatabase('fanout');
  const admin = connect(scratch.url, { max: 1 });
  try {
    const migrator = createDatabase({ url: scratch.url, poolSize: 1 });
    await migrator.migrate();
    await migrator.close();
    await seedPeople(admin, options.people);

    const clean = await runFanout(scratch, admin, options, false);
    const killed = await runFanout(scratch, admin, options, true);
    const rate = await runRate(scratch, admin, options);

    const fanoutDetails = (run: FanoutRun): Record<string, number | string> => ({
      jobs: run.tally.jobsDone,
      messages: run.tally.sentRows,
      seconds: Number(run.seconds.toFixed(1)),
      messagesPerSecond: Math.round(run.messagesPerSecond),
      lost: run.lost,
      duplicateRows: run.doubleRows,
      resentSameKey: run.repeatedKeys,
      jobsByInstance: `${run.byInstance.a} + ${run.byInstance.b}`,
      seedSeconds: Number(run.seedSeconds.toFixed(1)),
    });
    const correct = (run: FanoutRun) =>
      run.lost === 0 && run.doubleRows === 0 && run.tally.jobsDone === options.jobs && run.tally.sentRows === run.expected && run.tally.rows === run.expected;
    return [
      {
        name: 'fan-out, two instances',
        figure: `${thousands(clean.jobsPerSecond)} jobs/s`,
        target: `≥ ${thousands(JOBS_TARGET_PER_SECOND)} jobs/s, no loss, no duplicate`,
        pass: clean.jobsPerSecond >= JOBS_TARGET_PER_SECOND && correct(clean) && clean.repeatedKeys === 0,
        details: fanoutDetails(clean),
      },
      {
        name: 'fan-out, one instance killed',
        figure: `${thousands(killed.jobsPerSecond)} jobs/s, ${killed.lost} lost, ${killed.doubleRows} duplicated`,
        target: 'no loss, no duplicate (a re-send under the same key is dropped by VK’s random_id)',
        pass: correct(killed),
        details: fanoutDetails(killed),
      },
      {
        name: 'Telegram rate, two instances',
        figure: `${rate.perSecond.toFixed(2)} messages/s over ${rate.windowSeconds} s`,
        target: `≤ ${TELEGRAM_RATE} and ≥ ${RATE_FLOOR} messages/s`,
        pass: rate.perSecond <= TELEGRAM_RATE && rate.perSecond >= RATE_FLOOR,
        details: { maxInOneSecond: rate.maxInOneSecond, sent: rate.sent, rateLimited: rate.rateLimited },
      },
    ];
  } finally {
    await admin.end();
    await scratch.drop();
  }
}

await runIfMain(import.meta.url, () => benchFanout());
