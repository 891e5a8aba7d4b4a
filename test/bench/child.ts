// Runs one benchmark in a process of its own (started by run.ts) and sends its rows back over IPC,
// so each benchmark's memory figures are its own and a crash loses only that benchmark.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchmarks } from './benchmarks';
import type { BenchResult } from './result';

export type ChildMessage = { results: BenchResult[] } | { error: string };

const here = path.dirname(fileURLToPath(import.meta.url));

function reply(message: ChildMessage, code: number): void {
  if (process.send === undefined) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    process.exit(code);
  }
  // Some benchmarks leave handles (pools, timers) behind; the process ends once the rows are sent.
  process.send(message, () => process.exit(code));
}

const name = process.argv[2] ?? '';
const entry = benchmarks.find((b) => b.name === name);
try {
  if (entry === undefined) throw new Error(`no benchmark "${name}"`);
  const file = path.join(here, entry.file);
  if (!existsSync(file)) throw new Error(`${entry.file} does not exist yet`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const run = module[entry.run];
  if (typeof run !== 'function') throw new Error(`${entry.file} does not export ${entry.run}()`);
  const results = (await (run as () => Promise<BenchResult[]>)()) ?? [];
  reply({ results }, 0);
} catch (error) {
  reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1);
}
