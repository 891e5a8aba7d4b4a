// Backup and restore of the bot's database. PostgreSQL: pg_dump / pg_restore in their custom format
// (the client tools must be installed and not older than the server). Embedded PGlite: its data
// folder as a gzipped tarball (dumpDataDir / loadDataDir). Both need the bot stopped for a restore;
// a PGlite backup also needs it stopped, since PGlite is a single-process database.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, closeSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export type BackupTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface BackupResult {
  kind: BackupTarget['kind'];
  file: string;
  bytes: number;
}

export interface RestoreResult extends BackupResult {
  /** PGlite: where the data folder that was replaced now is (kept, never deleted). */
  previousDataDir?: string | undefined;
}

/** Something the operator can fix: a missing or wrong file, a missing tool. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const PG_DUMP_MAGIC = 'PGDMP';
const GZIP_MAGIC = [0x1f, 0x8b];

export async function backupDatabase(target: BackupTarget, file: string): Promise<BackupResult> {
  const resolved = path.resolve(file);
  if (!existsSync(path.dirname(resolved))) throw new BackupError(`the folder ${path.dirname(resolved)} does not exist`);
  if (target.kind === 'postgres') {
    await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${resolved}`], target.url);
  } else {
    if (!existsSync(path.join(target.dataDir, 'PG_VERSION'))) throw new BackupError(`there is no embedded database in ${target.dataDir}`);
    const client = new PGlite(target.dataDir);
    try {
      // dumpDataDir called before the database is up can wait forever (PGlite 0.5).
      await client.waitReady;
      const tarball = await client.dumpDataDir('gzip');
      writeFileSync(resolved, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await client.close();
    }
  }
  return { kind: target.kind, file: resolved, bytes: statSync(resolved).size };
}

/**
 * PostgreSQL: restores into the configured database, replacing the objects the backup holds
 * (pg_restore --clean --if-exists, one transaction: on any error nothing changes).
 * PGlite: moves the current data folder aside and unpacks the backup in its place.
 */
export async function restoreDatabase(target: BackupTarget, file: string, now = new Date()): Promise<RestoreResult> {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new BackupError(`there is no file ${resolved}`);
  const head = readHead(resolved, 5);
  if (target.kind === 'postgres') {
    if (head.toString('latin1') !== PG_DUMP_MAGIC) {
      throw new BackupError(`${resolved} is not a PostgreSQL backup (pg_dump --format=custom)${isGzip(head) ? '; it looks like an embedded-database backup' : ''}`);
    }
    await runTool(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', resolved],
      target.url,
    );
    return { kind: target.kind, file: resolved, bytes: statSync(resolved).size };
  }
  if (!isGzip(head)) {
    throw new BackupError(`${resolved} is not an embedded-database backup (a .tar.gz of the data folder)${head.toString('latin1') === PG_DUMP_MAGIC ? '; it is a PostgreSQL backup: set DATABASE_URL' : ''}`);
  }
  const tarball = new Blob([readFileSync(resolved)]);
  const dataDir = path.resolve(target.dataDir);
  let previousDataDir: string | undefined;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    previousDataDir = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, previousDataDir);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    const client = new PGlite(dataDir, { loadDataDir: tarball });
    await client.waitReady;
    await client.query('select 1');
    await client.close();
  } catch (error) {
    // Put the previous folder back: a failed restore changes nothing.
    if (previousDataDir) {
      renameSync(dataDir, `${dataDir}.failed-restore-${now.getTime()}`);
      renameSync(previousDataDir, dataDir);
    }
    throw new BackupError(`${resolved} could not be restored: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { kind: target.kind, file: resolved, bytes: statSync(resolved).size, previousDataDir };
}

function readHead(file: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function isGzip(head: Buffer): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Runs pg_dump or pg_restore against the URL. The password goes in PGPASSWORD, not on the command
 * line, where any user of the machine could read it.
 */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolve, reject) => {
    execFile(tool, [...args, `--dbname=${parsed.toString()}`], { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new BackupError(`${tool} was not found: install the PostgreSQL client tools (the same major version as the server, or newer)`));
      }
      reject(new BackupError(`${tool} failed: ${stderr.trim() || error.message}`));
    });
  });
}
