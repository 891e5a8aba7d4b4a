// Benchmark of inbound updates: simulated mentees join by invite and answer the intake through the
// real grammY bot (bot.handleUpdate, Bot API calls answered in-process) and the real engine on
// PostgreSQL, many chats at once and one update at a time per chat, as @grammyjs/runner feeds them.
// Beside it, pgbench's simple-update script measures what this machine's PostgreSQL can commit.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { drive, startInstance, stopInstance, totalStatements, type Instance } from './instance';
import type { BenchResult } from './result';
import {
  connect,
  createScratchDatabase,
  envNumber,
  measureCpu,
  measureDriverLoad,
  percentile,
  runIfMain,
  runPgbench,
  runPgbenchScripts,
  runPgbenchThroughDriver,
  startRssSampler,
  thousands,
  type DriverPgbenchResult,
  type PgbenchResult,
  type ScratchDatabase,
} from './support';
import type { WorkerMessage, WorkerTask } from './inbound-worker';
import { answerSteps, driverAsTheAppHasIt, driverReplay, pgbenchScript, replayThroughDriver, roundTrips, type RecordedStatement } from './replay';
import { menteeIntakeScript } from './telegram-driver';

export interface InboundOptions {
  users: number;
  /** Updates per user: the first steps of the mentee intake (10: in the middle of the questionnaire). */
  steps: number;
  /** Chats handled at once (each chat one update at a time). */
  concurrency: number;
  /** PostgreSQL connections of the instance. */
  poolSize: number;
  pgbenchSeconds: number;
  warmupUsers: number;
  /**
   * Users joining by each invite code. One code for everyone makes its row the hot spot: every
   * join locks it until the join's transaction commits. A region hands out one link per school or class.
   */
  usersPerInvite: number;
  /** A second, light run: this many users, this many chats at once, to show the latency of an update not queued behind others. */
  lightUsers: number;
  lightConcurrency: number;
  /** A third run: the same users over this many instances, each a process of its own, sharing the chats and connections (0 or 1: none). */
  instances: number;
}

export function inboundOptionsFromEnv(): InboundOptions {
  return {
    users: envNumber('BENCH_INBOUND_USERS', 2_000),
    steps: envNumber('BENCH_INBOUND_STEPS', 10),
    concurrency: envNumber('BENCH_INBOUND_CONCURRENCY', 48),
    poolSize: envNumber('BENCH_POOL_SIZE', 10),
    pgbenchSeconds: envNumber('BENCH_PGBENCH_SECONDS', 15),
    warmupUsers: envNumber('BENCH_INBOUND_WARMUP_USERS', 100),
    usersPerInvite: envNumber('BENCH_INBOUND_USERS_PER_INVITE', 50),
    lightUsers: envNumber('BENCH_INBOUND_LIGHT_USERS', 300),
    lightConcurrency: envNumber('BENCH_INBOUND_LIGHT_CONCURRENCY', 4),
    instances: envNumber('BENCH_INBOUND_INSTANCES', 2),
  };
}

const P99_TARGET_MS = 25;
const RATIO_TARGET = 0.5;

export interface InboundRun {
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  peakRssMb: number;
  /** Median handling time of each step of the script, ms. */
  stepP50: number[];
  /** CPU time of this process over wall time during the measured run (1 = one core busy). */
  cpuShare: number;
  /** CPU ms per update during the measured run: this process's, PostgreSQL's and the whole machine's. */
  nodeCpuMsPerUpdate: number;
  postgresCpuMsPerUpdate: number;
  machineCpuMsPerUpdate: number;
  statementsPerUpdate: number;
  statementsByVerb: Record<string, number>;
  answersSaved: number;
  answersExpected: number;
  internalErrors: number;
  light: { updatesPerSecond: number; p50: number; p99: number };
  /** The SQL of the warm-up's answer steps replayed by pgbench (one statement at a time, and pipelined as the engine sent it) and by postgres.js alone. */
  replay: StepReplay | undefined;
  several: SeveralInstancesRun | undefined;
}

export interface StepReplay {
  scripts: number;
  /** Per transaction, BEGIN and COMMIT included. */
  statements: number;
  roundTrips: number;
  oneByOne: PgbenchResult;
  pipelined: PgbenchResult;
  /** Sent by postgres.js from this process in the recorded round trips, with the instance's concurrency and pool. */
  driver: DriverPgbenchResult;
}

/** Answer steps replayed by pgbench: one script each, under pgbench's limit of 128 scripts. */
const REPLAYED_STEPS = 100;

export async function runInbound(options: InboundOptions): Promise<InboundRun> {
  const scratch = await createScratchDatabase('inbound');
  let instance: Instance | undefined;
  try {
    // Warm-up on an instance that counts statements: JIT, caches and the statement mix per update.
    const invites = Math.max(1, Math.ceil(options.users / options.usersPerInvite));
    instance = await startInstance(scratch.url, options.poolSize, invites, true);
    const warmup = Array.from({ length: options.warmupUsers }, (_, i) => 900_000_000 + i);
    const warmupLatencies = (await drive(instance, warmup, options.steps, options.concurrency)).all;
    const byVerb: Record<string, number> = {};
    for (const [verb, n] of instance.statements) byVerb[verb] = Math.round((n / warmupLatencies.length) * 100) / 100;
    const statementsPerUpdate = totalStatements(instance.statements) / warmupLatencies.length;
    const answerTransactions = answerSteps(instance.transactions, REPLAYED_STEPS);
    const inviteCodes = instance.inviteCodes;
    await stopInstance(instance);

    instance = await startInstance(scratch.url, options.poolSize, inviteCodes, false);
    await drive(instance, warmup.map((id) => id + 1_000_000), options.steps, options.concurrency);
    const errorText = instance.app.i18n.t('ru', 'error-internal');
    const errorsBefore = instance.screens.watched.get(errorText) ?? 0;
    const users = Array.from({ length: options.users }, (_, i) => 100_000_000 + i);
    const sampler = startRssSampler();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const {
      result: { all: latencies, byStep },
      machineSeconds,
      postgresSeconds,
    } = await measureCpu(() => drive(instance as Instance, users, options.steps, options.concurrency));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMb = sampler.stop();

    // The light run: few chats at once, so an update rarely waits for another's connection or CPU.
    const lightUsers = Array.from({ length: options.lightUsers }, (_, i) => 200_000_000 + i);
    const lightStarted = performance.now();
    const { all: lightLatencies } = await drive(instance, lightUsers, options.steps, options.lightConcurrency);
    const lightSeconds = (performance.now() - lightStarted) / 1000;

    // Every update must have done its work: each answered question saved once, nobody left on an error.
    const saved = await countAnswers(scratch.url);
    const errorsAfter = instance.screens.watched.get(errorText) ?? 0;
    await stopInstance(instance);
    instance = undefined;
    // The answer steps of the warm-up, their SQL run again on the same data by pgbench and by postgres.js alone.
    const replay = answerTransactions.length === 0 ? undefined : await replaySteps(scratch, answerTransactions, options);
    const several = options.instances > 1 ? await runSeveralInstances(scratch.url, inviteCodes, options) : undefined;
    return {
      updates: latencies.length,
      seconds,
      updatesPerSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      peakRssMb,
      stepP50: byStep.map((list) => percentile(list, 50)),
      cpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
      nodeCpuMsPerUpdate: (cpu.user + cpu.system) / 1000 / latencies.length,
      postgresCpuMsPerUpdate: (postgresSeconds * 1000) / latencies.length,
      machineCpuMsPerUpdate: (machineSeconds * 1000) / latencies.length,
      statementsPerUpdate,
      statementsByVerb: byVerb,
      answersSaved: saved,
      answersExpected: answersSavedPerUser(options) * (options.users + options.lightUsers + 2 * options.warmupUsers),
      internalErrors: errorsAfter - errorsBefore,
      light: { updatesPerSecond: lightLatencies.length / lightSeconds, p50: percentile(lightLatencies, 50), p99: percentile(lightLatencies, 99) },
      replay,
      several,
    };
  } finally {
    await stopInstance(instance);
    await scratch.drop();
  }
}

async function replaySteps(database: ScratchDatabase, transactions: RecordedStatement[][], options: InboundOptions): Promise<StepReplay> {
  const average = (count: (t: RecordedStatement[]) => number) => transactions.reduce((sum, t) => sum + count(t), 0) / transactions.length;
  const seconds = options.pgbenchSeconds;
  const sql = driverAsTheAppHasIt(database.url, options.poolSize);
  try {
    const replays = transactions.map(driverReplay);
    const pick = () => replays[Math.floor(Math.random() * replays.length)] ?? { batches: [] };
    return {
      scripts: transactions.length,
      statements: average((t) => t.length),
      roundTrips: average(roundTrips),
      oneByOne: await runPgbenchScripts(database, transactions.map((t) => pgbenchScript(t)), { seconds }),
      pipelined: await runPgbenchScripts(database, transactions.map((t) => pgbenchScript(t, { pipelined: true })), { seconds }),
      driver: await measureDriverLoad(() => replayThroughDriver(sql, pick()), { concurrency: options.concurrency, seconds: Math.min(seconds, 8) }),
    };
  } finally {
    await sql.end();
  }
}

export interface SeveralInstancesRun {
  instances: number;
  concurrencyEach: number;
  poolSizeEach: number;
  updates: number;
  updatesPerSecond: number;
  p50: number;
  p99: number;
  nodeCpuMsPerUpdate: number;
  postgresCpuMsPerUpdate: number;
  machineCpuMsPerUpdate: number;
  internalErrors: number;
  answersSaved: number;
  answersExpected: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Answers each simulated user saves on the way through the script. */
function answersSavedPerUser(options: InboundOptions): number {
  return menteeIntakeScript('', options.steps).filter((step) => step.saves === true).length;
}

async function countAnswers(url: string): Promise<number> {
  const sql = connect(url, { max: 1 });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from answers`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

/**
 * The same load spread over several instances on this machine, each a process of its own with its
 * share of the chats and of the connections (48 chats and 10 connections in all, as in the main
 * run): what scaling out on one machine buys, which says whether one node thread or the machine's
 * CPU is the limit.
 */
async function runSeveralInstances(url: string, inviteCodes: string[], options: InboundOptions): Promise<SeveralInstancesRun> {
  const answersBefore = await countAnswers(url);
  const count = options.instances;
  const concurrencyEach = Math.max(1, Math.round(options.concurrency / count));
  const poolSizeEach = Math.max(1, Math.round(options.poolSize / count));
  const warmupEach = Math.max(1, Math.round(options.warmupUsers / count));
  const children = Array.from({ length: count }, (_, k) => {
    const task: WorkerTask = {
      url,
      poolSize: poolSizeEach,
      inviteCodes,
      warmupUsers: Array.from({ length: warmupEach }, (_, i) => 400_000_000 + k * 1_000_000 + i),
      users: Array.from({ length: options.users }, (_, i) => 300_000_000 + i).filter((_, i) => i % count === k),
      steps: options.steps,
      concurrency: concurrencyEach,
      firstUpdateId: (k + 1) * 100_000_000,
    };
    return fork(path.join(here, 'inbound-worker.ts'), [JSON.stringify(task)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  });
  // Each worker sends 'ready', then its results; the listener for each is in place before it can come.
  const workers = children.map((child) => {
    const exited = once(child, 'exit').then(([code]): never => {
      throw new Error(`inbound worker exited with ${String(code)}`);
    });
    exited.catch(() => undefined); // an exit after the results is expected; one before them fails nextMessages()
    return { child, exited };
  });
  const nextMessages = (): Promise<WorkerMessage[]> =>
    Promise.all(workers.map(({ child, exited }) => Promise.race([once(child, 'message').then(([message]) => message as WorkerMessage), exited])));
  try {
    await nextMessages();
    const { result: done, machineSeconds, postgresSeconds } = await measureCpu(() => {
      const results = nextMessages();
      for (const child of children) child.send('go');
      return results;
    });
    const finished = done.map((message) => {
      if (!('latencies' in message)) throw new Error('inbound worker sent no results');
      return message;
    });
    const latencies = Float64Array.from(finished.flatMap((m) => m.latencies));
    const seconds = Math.max(...finished.map((m) => m.seconds));
    const updates = latencies.length;
    return {
      instances: count,
      concurrencyEach,
      poolSizeEach,
      updates,
      updatesPerSecond: updates / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      nodeCpuMsPerUpdate: finished.reduce((sum, m) => sum + m.cpuMs, 0) / updates,
      postgresCpuMsPerUpdate: (postgresSeconds * 1000) / updates,
      machineCpuMsPerUpdate: (machineSeconds * 1000) / updates,
      internalErrors: finished.reduce((sum, m) => sum + m.internalErrors, 0),
      answersSaved: (await countAnswers(url)) - answersBefore,
      answersExpected: answersSavedPerUser(options) * (options.users + warmupEach * count),
    };
  } finally {
    for (const child of children) child.kill();
  }
}

export function inboundResults(
  options: InboundOptions,
  run: InboundRun,
  pgbench: PgbenchResult | undefined,
  driver?: DriverPgbenchResult | undefined,
): BenchResult[] {
  const target = pgbench === undefined ? undefined : pgbench.tps * RATIO_TARGET;
  const complete = run.answersSaved === run.answersExpected && run.internalErrors === 0;
  return [
    {
      name: `inbound: ${thousands(run.updates)} updates of ${thousands(options.users)} users through grammY + engine, ${options.concurrency} chats at once`,
      figure: `${thousands(run.updatesPerSecond)} updates/s`,
      target: target === undefined ? '≥ 0.5 × pgbench tps' : `≥ ${thousands(target)}/s (0.5 × pgbench)`,
      pass: target !== undefined && run.updatesPerSecond >= target && complete,
      details: {
        seconds: Math.round(run.seconds * 10) / 10,
        poolSize: options.poolSize,
        usersPerInvite: options.usersPerInvite,
        nodeCpuShare: Math.round(run.cpuShare * 100) / 100,
        nodeCpuMsPerUpdate: round2(run.nodeCpuMsPerUpdate),
        statementsPerUpdate: Math.round(run.statementsPerUpdate * 100) / 100,
        ...Object.fromEntries(Object.entries(run.statementsByVerb).map(([verb, n]) => [`per update: ${verb}`, n])),
        answersSaved: run.answersSaved,
        answersExpected: run.answersExpected,
        internalErrorReplies: run.internalErrors,
      },
    },
    {
      name: 'inbound handler latency p50 / p95 / p99',
      figure: `${run.p50.toFixed(1)} / ${run.p95.toFixed(1)} / ${run.p99.toFixed(1)} ms`,
      target: `p99 < ${P99_TARGET_MS} ms`,
      pass: run.p99 < P99_TARGET_MS,
      details: { maxMs: Math.round(run.max), p50ByStepMs: run.stepP50.map((ms) => ms.toFixed(1)).join(' ') },
    },
    {
      // Beside the target, not instead of it: at 48 chats the queue dominates; here is the update itself.
      name: `inbound handler latency p50 / p99, light load: ${options.lightConcurrency} chats at once`,
      figure: `${run.light.p50.toFixed(1)} / ${run.light.p99.toFixed(1)} ms`,
      target: 'reported',
      pass: true,
      details: { updatesPerSecond: Math.round(run.light.updatesPerSecond), users: options.lightUsers },
    },
    ...(run.several === undefined
      ? []
      : [
          {
            // Beside the target: the same load over several processes on this machine, each with its share of chats and connections.
            name: `inbound over ${run.several.instances} instances on this machine (${run.several.concurrencyEach} chats and ${run.several.poolSizeEach} connections each)`,
            figure: `${thousands(run.several.updatesPerSecond)} updates/s, p99 ${run.several.p99.toFixed(1)} ms`,
            target: 'reported',
            pass: run.several.answersSaved === run.several.answersExpected && run.several.internalErrors === 0,
            details: {
              p50: round2(run.several.p50),
              nodeCpuMsPerUpdate: round2(run.several.nodeCpuMsPerUpdate),
              postgresCpuMsPerUpdate: round2(run.several.postgresCpuMsPerUpdate),
              machineCpuMsPerUpdate: round2(run.several.machineCpuMsPerUpdate),
              answersSaved: run.several.answersSaved,
              answersExpected: run.several.answersExpected,
              internalErrorReplies: run.several.internalErrors,
            },
          } satisfies BenchResult,
        ]),
    {
      name: 'inbound peak RSS (bench process: instance + simulated users)',
      figure: `${run.peakRssMb.toFixed(0)} MB`,
      target: 'reported',
      pass: true,
    },
    ...(pgbench === undefined
      ? []
      : [
          {
            // Where the time goes: a step costs the machine this much CPU against pgbench's transaction,
            // so on these cores no more than cores ÷ CPU per update can be handled, however it is fed.
            name: 'inbound CPU per update (whole machine: node + PostgreSQL + kernel) vs per pgbench -N transaction',
            figure: `${run.machineCpuMsPerUpdate.toFixed(2)} vs ${pgbench.machineCpuMsPerTx.toFixed(2)} ms`,
            target: 'reported',
            pass: true,
            details: {
              nodeCpuMsPerUpdate: round2(run.nodeCpuMsPerUpdate),
              postgresCpuMsPerUpdate: round2(run.postgresCpuMsPerUpdate),
              postgresCpuMsPerPgbenchTx: round2(pgbench.postgresCpuMsPerTx),
              cpuCeilingUpdatesPerSecond: Math.round((availableParallelism() * 1000) / run.machineCpuMsPerUpdate),
            },
          } satisfies BenchResult,
          {
            name: `pgbench -N -c 8 -j 2 -T ${options.pgbenchSeconds}: this machine’s small-write ceiling`,
            figure: `${thousands(pgbench.tps)} tps`,
            target: 'reference',
            pass: true,
            details: { latencyMs: pgbench.latencyMs, transactions: pgbench.transactions, oursOverPgbench: Math.round((run.updatesPerSecond / pgbench.tps) * 100) / 100 },
          } satisfies BenchResult,
        ]),
    ...(run.replay === undefined
      ? []
      : [
          {
            // The database's share of the gap: the step's own SQL from a C client, no Node at all,
            // sent as pgbench -N sends its transaction.
            name: `the SQL of ${run.replay.scripts} answer steps (${run.replay.statements.toFixed(1)} statements each, BEGIN and COMMIT included) replayed by pgbench one statement at a time, 8 clients`,
            figure: `${thousands(run.replay.oneByOne.tps)} tps`,
            target: 'reference',
            pass: true,
            details: {
              postgresCpuMsPerTx: round2(run.replay.oneByOne.postgresCpuMsPerTx),
              machineCpuMsPerTx: round2(run.replay.oneByOne.machineCpuMsPerTx),
              ...(pgbench === undefined ? {} : { replayOverPgbench: round2(run.replay.oneByOne.tps / pgbench.tps) }),
            },
          } satisfies BenchResult,
          {
            // The same statements in the engine's round trips: this step's ceiling as the bot sends it.
            name: `the same SQL pipelined as the engine sends it (${run.replay.roundTrips.toFixed(1)} round trips): this step’s database ceiling`,
            figure: `${thousands(run.replay.pipelined.tps)} tps`,
            target: 'reference',
            pass: true,
            details: {
              postgresCpuMsPerTx: round2(run.replay.pipelined.postgresCpuMsPerTx),
              machineCpuMsPerTx: round2(run.replay.pipelined.machineCpuMsPerTx),
              ...(pgbench === undefined ? {} : { replayOverPgbench: round2(run.replay.pipelined.tps / pgbench.tps) }),
              oursOverReplay: round2(run.updatesPerSecond / run.replay.pipelined.tps),
            },
          } satisfies BenchResult,
          {
            // The same SQL in the same round trips from Node, the driver alone: what is left for grammY, Drizzle and the flows.
            name: `the same SQL sent by postgres.js alone in the same round trips, ${options.concurrency} at once over ${options.poolSize} connections: this step’s Node driver ceiling`,
            figure: `${thousands(run.replay.driver.tps)} tps`,
            target: 'reference',
            pass: true,
            details: {
              nodeCpuMsPerTx: round2(run.replay.driver.nodeCpuMsPerTx),
              postgresCpuMsPerTx: round2(run.replay.driver.postgresCpuMsPerTx),
              machineCpuMsPerTx: round2(run.replay.driver.machineCpuMsPerTx),
              ...(pgbench === undefined ? {} : { driverOverPgbench: round2(run.replay.driver.tps / pgbench.tps) }),
              oursOverDriver: round2(run.updatesPerSecond / run.replay.driver.tps),
            },
          } satisfies BenchResult,
        ]),
    ...(driver === undefined
      ? []
      : [
          {
            // The same transaction from Node: the driver's share of the gap, before grammY, Drizzle or a flow run.
            name: `pgbench -N’s transaction sent by postgres.js from this process, ${options.concurrency} at once over ${options.poolSize} connections: a Node client’s ceiling`,
            figure: `${thousands(driver.tps)} tps`,
            target: 'reference',
            pass: true,
            details: {
              nodeCpuMsPerTx: round2(driver.nodeCpuMsPerTx),
              postgresCpuMsPerTx: round2(driver.postgresCpuMsPerTx),
              machineCpuMsPerTx: round2(driver.machineCpuMsPerTx),
              oursOverDriver: round2(run.updatesPerSecond / driver.tps),
            },
          } satisfies BenchResult,
        ]),
  ];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export async function benchInbound(options: InboundOptions = inboundOptionsFromEnv()): Promise<BenchResult[]> {
  const pgbench = await runPgbench({ seconds: options.pgbenchSeconds });
  const driver = await runPgbenchThroughDriver({ concurrency: options.concurrency, poolSize: options.poolSize, seconds: Math.min(options.pgbenchSeconds, 8) });
  const run = await runInbound(options);
  return inboundResults(options, run, pgbench, driver);
}

await runIfMain(import.meta.url, () => benchInbound());
