// `npm run bench [-- name…] [--markdown]`: runs the benchmarks (all, or the named ones) one after
// another, each in its own process against the local PostgreSQL, and prints one table: benchmark,
// figure, target, pass or MISS, then the details of each row. A missed target is a finding, not a
// failure: the exit code is 0 unless the command line itself is wrong.
import { fork } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarks } from './benchmarks';
import type { ChildMessage } from './child';
import type { BenchResult } from './result';
import { adminUrl, connect, dropStaleScratchDatabases, stolenCpuSeconds } from './support';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Row extends BenchResult {
  benchmark: string;
}

function usage(): string {
  return [
    'usage: npm run bench [-- [name…] [--markdown]]',
    '',
    ...benchmarks.map((b) => `  ${b.name.padEnd(9)} ${b.about}`),
    '',
    'Sizes can be lowered for a quick look: BENCH_INBOUND_USERS, BENCH_MEMORY_USERS, BENCH_PGBENCH_SECONDS, …',
  ].join('\n');
}

/** Runs one benchmark in a child process; a crash or a throw becomes a MISS row saying why. */
function runChild(name: string): Promise<Row[]> {
  return new Promise((resolve) => {
    const child = fork(path.join(here, 'child.ts'), [name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let message: ChildMessage | undefined;
    child.on('message', (m) => {
      message = m as ChildMessage;
    });
    child.on('exit', (code, signal) => {
      if (message !== undefined && 'results' in message) {
        resolve(message.results.map((r) => ({ ...r, benchmark: name })));
        return;
      }
      const why = message !== undefined && 'error' in message ? message.error : `exited with ${signal ?? code}`;
      process.stderr.write(`\n${name} failed:\n${why}\n`);
      resolve([{ benchmark: name, name, figure: 'did not run', target: '—', pass: false, details: { error: why.split('\n')[0] ?? why } }]);
    });
  });
}

function table(rows: Row[]): string {
  const header = ['benchmark', 'figure', 'target', 'result'];
  const cells = rows.map((r) => [r.name, r.figure, r.target, r.pass ? 'pass' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function markdown(rows: Row[]): string {
  const escape = (v: string) => v.replaceAll('|', '\\|');
  return [
    '| benchmark | figure | target | result |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${escape(r.name)} | ${escape(r.figure)} | ${escape(r.target)} | ${r.pass ? 'pass' : '**MISS**'} |`),
  ].join('\n');
}

async function serverVersion(): Promise<string> {
  const sql = connect(adminUrl, { max: 1 });
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    return row?.v ?? '?';
  } finally {
    await sql.end();
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const asMarkdown = args.includes('--markdown');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\n\n${usage()}\n`);
    return 2;
  }
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));

  await dropStaleScratchDatabases();
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  const started = new Date();
  const context = [
    `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 1_073_741_824)} GB`,
    `Node ${process.versions.node}, PostgreSQL ${await serverVersion()}`,
    `load average before: ${load()}`,
  ];
  process.stdout.write(`${context.join(' · ')}\n`);

  const rows: Row[] = [];
  for (const b of selected) {
    process.stdout.write(`running ${b.name}: ${b.about}…\n`);
    const t0 = Date.now();
    const stolen = stolenCpuSeconds();
    const result = await runChild(b.name);
    rows.push(...result);
    const seconds = (Date.now() - t0) / 1000;
    const steal = stolenCpuSeconds() - stolen;
    process.stdout.write(
      `  ${b.name} done in ${Math.round(seconds)} s (load average ${load()}; CPU stolen by the host: ${steal.toFixed(1)} s of ${cpus().length} × ${Math.round(seconds)})\n`,
    );
  }

  process.stdout.write(`\n${asMarkdown ? markdown(rows) : table(rows)}\n\n`);
  for (const r of rows) {
    if (r.details === undefined) continue;
    const details = Object.entries(r.details).map(([k, v]) => `${k}=${typeof v === 'number' ? v : JSON.stringify(v)}`);
    process.stdout.write(`${r.name}\n    ${details.join(', ')}\n`);
  }
  const missed = rows.filter((r) => !r.pass).length;
  process.stdout.write(`\n${missed === 0 ? 'every target met' : `${missed} of ${rows.length} rows missed their target`} · load average after: ${load()}\n`);
  return 0;
}

process.exitCode = await main();
