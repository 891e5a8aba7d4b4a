// `npm run cli -- backup FILE` / `restore FILE` round trips: on PostgreSQL through pg_dump/pg_restore,
// on the embedded database through its data-folder tarball. Create, back up, lose the data, restore:
// the data is back, the conversation goes on.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, identities, organisations } from '../../db/schema';
import { runCli, UsageError } from '../../src/cli';
import { createConfig } from '../../src/config';
import { createTestApp, seedProgramme } from '../support/app';
import { createChat } from '../support/chat';
import { createPgliteTestDatabase, createTestDatabase, type TestDatabase } from '../support/db';
import { urlFor } from '../support/global-setup';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nastavnik-backup-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function cli(env: Record<string, string>, ...argv: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(argv, { db: undefined as never, config: createConfig({ LOG_LEVEL: 'silent', ...env }), out: (s) => lines.push(s) });
  return lines.join('\n');
}

/** `npm run cli -- ...` as a process. */
async function runProcess(env: Record<string, string>, argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** A mentee who joined and gave their name: rows in most tables. */
async function someoneAnswers(database: Parameters<typeof createTestApp>[0], externalId: string): Promise<void> {
  const app = await createTestApp(database);
  const seeded = await seedProgramme(database.db, { organisation: 'Гимназия № 7' });
  const user = createChat(app.engine).user(externalId);
  await user.command('start', seeded.menteeCode);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text('Петрова Ольга');
}

async function answersOf(db: TestDatabase['db'], externalId: string) {
  return db
    .select({ questionId: answers.questionId, value: answers.value })
    .from(answers)
    .innerJoin(sql`responses`, sql`responses.id = ${answers.responseId}`)
    .innerJoin(sql`memberships`, sql`memberships.id = responses.membership_id`)
    .innerJoin(identities, sql`${identities.personId} = memberships.person_id`)
    .where(eq(identities.externalId, externalId));
}

describe('backup and restore on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await someoneAnswers(database, '4001');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('brings back every row after the data is deleted and a table dropped', async () => {
    const file = path.join(scratch, 'pg.dump');
    const env = { DATABASE_URL: database.url };
    const before = await answersOf(database.db, '4001');
    expect(before).toEqual([{ questionId: 'full_name', value: { kind: 'text', text: 'Петрова Ольга' } }]);

    const backedUp = await runProcess(env, ['backup', file]);
    expect(backedUp).toMatchObject({ code: 0, stderr: '' });
    expect(backedUp.stdout).toMatch(/^Backup of PostgreSQL \(pg_dump custom format\) written to .*pg\.dump \(\d+ bytes\)\.\n$/);

    await database.db.execute(sql`delete from organisations; delete from people; drop table answers cascade`);
    expect(await database.db.select().from(organisations)).toEqual([]);

    const restored = await runProcess(env, ['restore', file, '--json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ kind: 'postgres', file });
    expect((await database.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name)).toEqual(['Гимназия № 7']);
    expect(await answersOf(database.db, '4001')).toEqual(before);
    expect(await database.ready()).toBe(true);
  });

  it('the restored database carries on the conversation where it was', async () => {
    const app = await createTestApp(database);
    const user = createChat(app.engine).user('4001');

    const next = await user.text('Ученик');

    expect(next.replies.map((r) => r.text).join('\n')).toMatch(/Вопрос 2 из|Здесь нужно выбрать вариант кнопкой/);
  });

  it('refuses a file that is not a PostgreSQL backup, saying what it is, and changes nothing', async () => {
    const notABackup = path.join(scratch, 'notes.txt');
    writeFileSync(notABackup, 'hello');
    const env = { DATABASE_URL: database.url };

    await expect(cli(env, 'restore', notABackup)).rejects.toThrow(UsageError);
    await expect(cli(env, 'restore', notABackup)).rejects.toThrow(/is not a PostgreSQL backup/);
    await expect(cli(env, 'restore', path.join(scratch, 'missing.dump'))).rejects.toThrow(/there is no file/);
    await expect(cli(env, 'restore')).rejects.toThrow(/a file is required/);
    const failed = await runProcess(env, ['restore', notABackup]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/is not a PostgreSQL backup/);
    expect(await answersOf(database.db, '4001')).toHaveLength(1);
  });

  it('a backup restores into another, empty database', async () => {
    const file = path.join(scratch, 'pg.dump');
    const other = await createTestDatabase({ empty: true });
    try {
      await cli({ DATABASE_URL: urlFor(other.name) }, 'restore', file);
      expect((await other.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name)).toEqual(['Гимназия № 7']);
      expect(await other.ready()).toBe(true);
    } finally {
      await other.drop();
    }
  });
});

describe('backup and restore of the embedded database', () => {
  it('brings back the data folder after the data is deleted, keeping the replaced folder aside', async () => {
    const dataDir = path.join(scratch, 'data');
    const env = { DATA_DIR: dataDir };
    const file = path.join(scratch, 'embedded.tar.gz');
    let database = await createPgliteTestDatabase(path.join(dataDir, 'pglite'));
    await someoneAnswers(database as TestDatabase, '5001');
    await database.close();

    const backedUp = JSON.parse(await cli(env, 'backup', file, '--json')) as { kind: string; bytes: number };
    expect(backedUp.kind).toBe('pglite');
    expect(backedUp.bytes).toBeGreaterThan(0);

    database = await createPgliteTestDatabase(path.join(dataDir, 'pglite'));
    await database.db.delete(organisations);
    await database.db.execute(sql`delete from people`);
    await database.close();

    const restored = JSON.parse(await cli(env, 'restore', file, '--json')) as { previousDataDir: string };
    expect(existsSync(restored.previousDataDir)).toBe(true);

    database = await createPgliteTestDatabase(path.join(dataDir, 'pglite'));
    try {
      expect((await database.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name)).toEqual(['Гимназия № 7']);
      expect(await answersOf(database.db, '5001')).toEqual([{ questionId: 'full_name', value: { kind: 'text', text: 'Петрова Ольга' } }]);
    } finally {
      await database.close();
    }
    // A PostgreSQL backup is not taken for an embedded one.
    const pgDump = path.join(scratch, 'other.dump');
    writeFileSync(pgDump, 'PGDMP\u0001\u000e');
    await expect(cli(env, 'restore', pgDump)).rejects.toThrow(/it is a PostgreSQL backup: set DATABASE_URL/);
  }, 120_000);
});
