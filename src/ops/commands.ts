// The operator CLI's maintenance commands (src/cli.ts runs them): backup and restore work on the
// database as a whole and open no connection of the bot's own; retention works through one.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client';
import type { Config } from '../config';
import { BackupError, backupDatabase, restoreDatabase, type BackupTarget } from './backup';
import { applyRetention } from './retention';

export interface OpsDeps {
  config: Config;
  /** The migrated database; given to the commands that need it. */
  db?: Db | undefined;
  now?: (() => Date) | undefined;
}

export interface OpsOutput {
  data: unknown;
  text: string;
}

export interface OpsCommand {
  usage: string;
  /** Whether the CLI opens and migrates the database before running it. */
  needsDatabase: boolean;
  /** Validates the arguments (after the command name); throws OpsUsageError. */
  prepare(args: string[]): (deps: OpsDeps) => Promise<OpsOutput>;
}

/** The operator's arguments or setup are wrong; the CLI shows the message and exits with code 2. */
export class OpsUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsUsageError';
  }
}

/** The database the bot uses, as the bot opens it (src/app.ts). */
export function backupTarget(config: Config): BackupTarget {
  return config.database.url
    ? { kind: 'postgres', url: config.database.url }
    : { kind: 'pglite', dataDir: path.join(config.database.dataDir, 'pglite') };
}

function parse(
  usage: string,
  args: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options: { json: { type: 'boolean' }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new OpsUsageError(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run cli -- ${usage}`);
  }
}

/** `backup FILE` and `restore FILE` take exactly one file. */
function fileArgument(usage: string, args: string[]): string {
  const { positionals } = parse(usage, args, {});
  const [file, stray] = positionals;
  if (file === undefined || file.trim() === '') throw new OpsUsageError(`a file is required\nUsage: npm run cli -- ${usage}`);
  if (stray !== undefined) throw new OpsUsageError(`unexpected argument "${stray}"\nUsage: npm run cli -- ${usage}`);
  return file;
}

/** A missing tool or a wrong file is the operator's to fix, not a crash. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupError) throw new OpsUsageError(error.message);
    throw error;
  }
}

const describeTarget = (target: BackupTarget): string =>
  target.kind === 'postgres' ? 'PostgreSQL (pg_dump custom format)' : `the embedded database in ${target.dataDir} (gzipped tarball)`;

export const opsCommands: Record<string, OpsCommand> = {
  backup: {
    usage: 'backup FILE',
    needsDatabase: false,
    prepare(args) {
      const file = fileArgument(this.usage, args);
      return async ({ config }) => {
        const target = backupTarget(config);
        const result = await asUsage(() => backupDatabase(target, file));
        return { data: result, text: `Backup of ${describeTarget(target)} written to ${result.file} (${result.bytes} bytes).` };
      };
    },
  },
  restore: {
    usage: 'restore FILE',
    needsDatabase: false,
    prepare(args) {
      const file = fileArgument(this.usage, args);
      return async ({ config, now }) => {
        const target = backupTarget(config);
        const result = await asUsage(() => restoreDatabase(target, file, now?.() ?? new Date()));
        const kept = result.previousDataDir ? `\nThe previous data folder is kept in ${result.previousDataDir}.` : '';
        return { data: result, text: `Restored ${describeTarget(target)} from ${result.file}.${kept}` };
      };
    },
  },
  retention: {
    usage: 'retention [--days N] [--dry-run]',
    needsDatabase: true,
    prepare(args) {
      const { values, positionals } = parse(this.usage, args, { days: { type: 'string' }, 'dry-run': { type: 'boolean' } });
      if (positionals[0] !== undefined) throw new OpsUsageError(`unexpected argument "${positionals[0]}"\nUsage: npm run cli -- ${this.usage}`);
      const rawDays = values.days;
      if (rawDays !== undefined && (typeof rawDays !== 'string' || !/^\d{1,5}$/.test(rawDays))) {
        throw new OpsUsageError(`--days: expected a whole number of days, 0–99999\nUsage: npm run cli -- ${this.usage}`);
      }
      const dryRun = values['dry-run'] === true;
      return async ({ config, db, now }) => {
        if (!db) throw new Error('retention needs the database');
        const days = rawDays === undefined ? config.retention.days : Number(rawDays);
        const result = await applyRetention(db, { now: now?.() ?? new Date(), days, dryRun });
        const lines = result.programmes.map(
          (p) => `  programme ${p.id} «${p.name}», ended ${p.endsOn}: ${p.responses} questionnaire responses, ${p.people} people anonymised`,
        );
        const head = dryRun
          ? `Dry run: programmes that ended before ${result.cutoff} (${days} days ago) and would lose their personal data:`
          : `Personal data removed from programmes that ended before ${result.cutoff} (${days} days ago):`;
        return { data: { ...result, days }, text: lines.length > 0 ? [head, ...lines].join('\n') : `No programme ended before ${result.cutoff} with personal data left.` };
      };
    },
  },
};
