// What the benchmarks share: scratch databases on the local PostgreSQL (created and dropped by each
// benchmark), pgbench, percentiles and medians, a peak-RSS sampler, and the entry point that lets a
// benchmark file run on its own (`npx tsx test/bench/inbound.ts`).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { postgresTarget } from '../../db/client';
import type { BenchResult } from './result';

const run = promisify(execFile);

/** The server every benchmark uses; the database in the URL is only used to create and drop others. */
export const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const BENCH_PREFIX = 'nastavnik_b_';
const STALE_AFTER_MS = 3_600_000;

export function urlOf(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A postgres.js client for a benchmark URL, which may name a Unix socket the libpq way
 * (`?host=/var/run/postgresql`), as DATABASE_URL may: pgbench and the app then use the socket too.
 */
export function connect(url: string, options: { max: number }): postgres.Sql {
  const target = postgresTarget(url);
  return postgres(target.url, { ...target.socket, max: options.max, onnotice: () => undefined });
}

async function admin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = connect(adminUrl, { max: 1 });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** An empty database named nastavnik_b_<epoch ms>_<label>; drop() removes it even with open connections. */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `${BENCH_PREFIX}${Date.now()}_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  await admin((sql) => sql.unsafe(`create database "${name}"`));
  return {
    name,
    url: urlOf(name),
    drop: () => admin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/** Drops scratch databases an interrupted run left behind (older than an hour, so parallel runs are safe). */
export async function dropStaleScratchDatabases(now = Date.now()): Promise<number> {
  return admin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${BENCH_PREFIX})`;
    let dropped = 0;
    for (const { datname } of rows) {
      const created = Number(/^nastavnik_b_(\d{13})_/.exec(datname)?.[1] ?? Number.NaN);
      if (Number.isFinite(created) && created < now - STALE_AFTER_MS) {
        await sql.unsafe(`drop database if exists "${datname}" with (force)`);
        dropped += 1;
      }
    }
    return dropped;
  });
}

/** The newest installed PostgreSQL's binary, e.g. pgbench. */
export function postgresBinary(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  if (version === undefined) throw new Error(`no PostgreSQL under ${root}`);
  return `${root}/${version}/bin/${name}`;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** The machine's CPU times from /proc/stat, in ticks: user nice system idle iowait irq softirq steal … */
function machineCpuTicks(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
}

/** CPU seconds this machine spent busy (all cores, every process, the kernel's work included), from /proc/stat. */
export function machineCpuSeconds(): number {
  // user nice system idle iowait irq softirq steal: everything but idle and iowait.
  const busy = machineCpuTicks()
    .slice(0, 8)
    .reduce((sum, ticks, i) => (i === 3 || i === 4 ? sum : sum + ticks), 0);
  return busy / TICKS;
}

/**
 * CPU seconds the hypervisor gave to others while this virtual machine wanted them (steal): on a
 * shared host it slows a run down by itself, so the runner prints it beside each benchmark.
 */
export function stolenCpuSeconds(): number {
  return (machineCpuTicks()[7] ?? 0) / TICKS;
}

/**
 * CPU seconds PostgreSQL's processes have used: the running ones, and through the postmaster's
 * children's times, the backends that have exited. Linux only; local server only.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    // Fields after the command: state is [0]; utime, stime, cutime, cstime are [11]..[14].
    const fields = stat.slice(close + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / TICKS;
}

/** CPU used while `work` ran: the whole machine's and PostgreSQL's, in seconds. */
export async function measureCpu<T>(work: () => Promise<T>): Promise<{ result: T; machineSeconds: number; postgresSeconds: number }> {
  const machine = machineCpuSeconds();
  const server = postgresCpuSeconds();
  const result = await work();
  return { result, machineSeconds: machineCpuSeconds() - machine, postgresSeconds: postgresCpuSeconds() - server };
}

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
  /** CPU ms per transaction: the whole machine's (PostgreSQL, pgbench and the kernel) and PostgreSQL's. */
  machineCpuMsPerTx: number;
  postgresCpuMsPerTx: number;
}

/** Runs pgbench against a scratch database with `args` before the database's name ('-i' fills it). */
function pgbench(scratch: Pick<ScratchDatabase, 'name' | 'url'>, args: string[]) {
  const url = new URL(scratch.url);
  const connection = ['-h', url.searchParams.get('host') ?? url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  return run(postgresBinary('pgbench'), [...connection, ...args, scratch.name], { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
}

/**
 * PostgreSQL's own ceiling for a small write transaction on this machine: pgbench's built-in
 * simple-update script (-N: update one account, read it, insert a history row) on a scratch database.
 */
export async function runPgbench(options: PgbenchLoad = {}): Promise<PgbenchResult> {
  const scratch = await createScratchDatabase('pgbench');
  try {
    await pgbench(scratch, ['-i', '-q']);
    return await measurePgbench(scratch, ['-N', ...pgbenchLoad(options)]);
  } finally {
    await scratch.drop();
  }
}

/**
 * pgbench running the given scripts (each transaction picks one at random) against an existing
 * database, prepared statements as postgres.js sends them: any SQL's ceiling from a C client.
 */
export async function runPgbenchScripts(database: Pick<ScratchDatabase, 'name' | 'url'>, scripts: readonly string[], options: PgbenchLoad = {}): Promise<PgbenchResult> {
  const folder = await mkdtemp(path.join(tmpdir(), 'nastavnik-pgbench-'));
  try {
    const files = await Promise.all(
      scripts.map(async (script, i) => {
        const file = path.join(folder, `${i}.sql`);
        await writeFile(file, script);
        return ['-f', file];
      }),
    );
    return await measurePgbench(database, ['-n', '-M', 'prepared', ...files.flat(), ...pgbenchLoad(options)]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface PgbenchLoad {
  clients?: number;
  threads?: number;
  /** How long to run (default 15 s), unless `transactions` says how many each client runs. */
  seconds?: number;
  transactions?: number;
}

function pgbenchLoad(options: PgbenchLoad): string[] {
  const length = options.transactions === undefined ? ['-T', String(options.seconds ?? 15)] : ['-t', String(options.transactions)];
  return ['-c', String(options.clients ?? 8), '-j', String(options.threads ?? 2), ...length];
}

async function measurePgbench(database: Pick<ScratchDatabase, 'name' | 'url'>, args: string[]): Promise<PgbenchResult> {
  const {
    result: { stdout },
    machineSeconds,
    postgresSeconds,
  } = await measureCpu(() => pgbench(database, args));
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return { tps, latencyMs, transactions, machineCpuMsPerTx: (machineSeconds * 1000) / transactions, postgresCpuMsPerTx: (postgresSeconds * 1000) / transactions };
}

export interface DriverPgbenchResult {
  tps: number;
  transactions: number;
  /** CPU ms per transaction: this Node process's, PostgreSQL's and the whole machine's. */
  nodeCpuMsPerTx: number;
  postgresCpuMsPerTx: number;
  machineCpuMsPerTx: number;
}

/**
 * pgbench's simple-update transaction (-N: update an account, read it back, insert a history row,
 * each statement awaited as pgbench does) sent by postgres.js from this Node process, `concurrency`
 * at once over `poolSize` connections: what a Node client can do before any bot code runs, on the
 * same driver (patched as the app uses it) and the same pool as the inbound benchmark.
 */
export async function runPgbenchThroughDriver(options: { concurrency: number; poolSize: number; seconds: number }): Promise<DriverPgbenchResult> {
  const scratch = await createScratchDatabase('driver');
  const sql = connect(scratch.url, { max: options.poolSize });
  try {
    await pgbench(scratch, ['-i', '-q']);
    const accounts = 100_000;
    const random = (n: number) => 1 + Math.floor(Math.random() * n);
    const transaction = () => {
      const aid = random(accounts);
      const tid = random(10);
      const delta = random(10_001) - 5_001;
      return sql.begin(async (tx) => {
        await tx`update pgbench_accounts set abalance = abalance + ${delta} where aid = ${aid}`;
        await tx`select abalance from pgbench_accounts where aid = ${aid}`;
        await tx`insert into pgbench_history (tid, bid, aid, delta, mtime) values (${tid}, 1, ${aid}, ${delta}, current_timestamp)`;
      });
    };
    return await measureDriverLoad(transaction, options);
  } finally {
    await sql.end();
    await scratch.drop();
  }
}

/**
 * Runs `transaction` from this process, `concurrency` at once, for `seconds` after a two-second
 * warm-up (JIT, prepared statements on every connection): transactions per second and CPU per transaction.
 */
export async function measureDriverLoad(transaction: () => Promise<unknown>, options: { concurrency: number; seconds: number }): Promise<DriverPgbenchResult> {
  const runFor = async (ms: number): Promise<number> => {
    let done = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < until) {
          await transaction();
          done += 1;
        }
      }),
    );
    return done;
  };
  await runFor(2_000);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { result: transactions, machineSeconds, postgresSeconds } = await measureCpu(() => runFor(options.seconds * 1000));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    tps: transactions / seconds,
    transactions,
    nodeCpuMsPerTx: (cpu.user + cpu.system) / 1000 / transactions,
    postgresCpuMsPerTx: (postgresSeconds * 1000) / transactions,
    machineCpuMsPerTx: (machineSeconds * 1000) / transactions,
  };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Samples this process's resident set while a benchmark runs; stop() returns the peak in MB. */
export function startRssSampler(everyMs = 20): { peakMb(): number; stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  const peakMb = () => Math.max(peak, process.memoryUsage.rss()) / 1_048_576;
  return {
    peakMb,
    stop() {
      clearInterval(timer);
      return peakMb();
    },
  };
}

export const mb = (bytes: number): number => bytes / 1_048_576;

/** A positive number from the environment (benchmark sizes), or the default. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** "12,345" */
export function thousands(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Lets a benchmark file run alone: `npx tsx test/bench/matching.ts` prints its rows. The module
 * passes its import.meta.url; nothing happens when the file is imported by the harness.
 */
export async function runIfMain(moduleUrl: string, bench: () => Promise<BenchResult[]>): Promise<void> {
  const entry = process.argv[1];
  if (entry === undefined || moduleUrl !== pathToFileURL(entry).href) return;
  const results = await bench();
  for (const r of results) {
    console.log(`${r.pass ? 'pass' : 'MISS'}  ${r.name}: ${r.figure} (target ${r.target})`);
    if (r.details !== undefined) console.log(`      ${JSON.stringify(r.details)}`);
  }
}
