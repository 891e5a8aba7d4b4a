// What the benchmarks share: scratch databases on the local PostgreSQL (created and dropped by each
// benchmark), pgbench, percentiles and medians, a peak-RSS sampler, and the entry point that lets a
// benchmark file run on its own (`npx tsx test/bench/inbound.ts`).
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
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

async function admin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
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

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
}

/**
 * PostgreSQL's own ceiling for a small write transaction on this machine: pgbench's built-in
 * simple-update script (-N: update one account, read it, insert a history row) on a scratch database.
 */
export async function runPgbench(options: { clients?: number; threads?: number; seconds?: number } = {}): Promise<PgbenchResult> {
  const scratch = await createScratchDatabase('pgbench');
  const url = new URL(scratch.url);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  try {
    const pgbench = postgresBinary('pgbench');
    await run(pgbench, [...connection, '-i', '-q', scratch.name], { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
    const { stdout } = await run(
      pgbench,
      [...connection, '-N', '-c', String(options.clients ?? 8), '-j', String(options.threads ?? 2), '-T', String(options.seconds ?? 15), scratch.name],
      { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { tps, latencyMs, transactions };
  } finally {
    await scratch.drop();
  }
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
