// How the application is started in production: `npm start`'s command line, read from package.json,
// so the tests and the benchmarks that spawn src/main.ts run it with the same Node options.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm start` split into words, e.g. ['node', '--max-semi-space-size=2', '--import', 'tsx', 'src/main.ts']. */
export function startCommand(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const start = manifest.scripts?.start;
  if (start === undefined) throw new Error('package.json has no start script');
  return start.split(/\s+/).filter((word) => word !== '');
}

/** The arguments to give process.execPath to start src/main.ts as `npm start` does. */
export function startArgs(): string[] {
  const [program, ...args] = startCommand();
  if (program !== 'node') throw new Error(`npm start must run node directly (one process, signals go straight to it), not ${program}`);
  return args;
}

/** The Node options of `npm start`: everything before `--import`. */
export function startNodeOptions(): string[] {
  const args = startArgs();
  const end = args.indexOf('--import');
  return end === -1 ? [] : args.slice(0, end);
}
