// The operator CLI against a real database, as an operator would call it: runCli for each command,
// and the process itself for exit codes and stdout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, people } from '../../db/schema';
import { runCli, UsageError } from '../../src/cli';
import { createConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
const config = createConfig({ TELEGRAM_BOT_USERNAME: 'nastavnik_bot', VK_COMMUNITY: 'nastavnik' });
const now = new Date('2026-09-01T09:00:00Z');

async function cli(...argv: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(argv, { db: database.db, config, out: (s) => lines.push(s), now: () => now });
  return lines.join('\n');
}
const json = async <T>(...argv: string[]): Promise<T> => JSON.parse(await cli(...argv, '--json')) as T;

async function newOrganisation(): Promise<number> {
  return (await json<{ id: number }>('org:create', '--name', 'Лицей № 2')).id;
}
async function newProgramme(): Promise<number> {
  return (await json<{ id: number }>('programme:create', '--org', String(await newOrganisation()), '--name', 'Наставничество')).id;
}
async function newInvite(programme: number, ...more: string[]): Promise<string> {
  return (await json<{ code: string }>('invite:create', '--programme', String(programme), '--role', 'mentee', ...more)).code;
}

/** Runs `npm run cli -- ...` as a process, on the test database. */
async function runProcess(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('operator CLI commands', () => {
  it('org:create --json prints the created organisation', async () => {
    const org = await json<{ id: number; name: string; region: string; municipality: string; timezone: string; studentsTotal: number }>(
      'org:create', '--name', 'Лицей № 2', '--region', 'Свердловская область', '--municipality', 'Екатеринбург',
      '--timezone', 'Asia/Yekaterinburg', '--students', '640',
    );
    expect(org).toMatchObject({ name: 'Лицей № 2', region: 'Свердловская область', municipality: 'Екатеринбург', timezone: 'Asia/Yekaterinburg', studentsTotal: 640 });
    expect(org.id).toBeGreaterThan(0);
  });

  it('org:create without --json prints one line with the new id', async () => {
    expect(await cli('org:create', '--name', 'Школа № 3')).toMatch(/^Organisation \d+: Школа № 3 \(Europe\/Moscow\)$/);
  });

  it('programme:create --json stores the forms, the topics split at semicolons and the dates', async () => {
    const org = await newOrganisation();
    const programme = await json<{ id: number; organisationId: number; forms: string[]; topics: string[]; startsOn: string; endsOn: string }>(
      'programme:create', '--org', String(org), '--name', 'Наставничество', '--forms', 'student-student, teacher_student',
      '--topics', 'Математика; Робототехника;', '--starts', '2026-09-01', '--ends', '2027-05-31',
    );
    expect(programme).toMatchObject({
      organisationId: org,
      forms: ['student_student', 'teacher_student'],
      topics: ['Математика', 'Робототехника'],
      startsOn: '2026-09-01',
      endsOn: '2027-05-31',
    });
  });

  it('invite:create --json prints the code, its limits and the links of the configured messengers', async () => {
    const programme = await newProgramme();
    const invite = await json<{ code: string; role: string; maxUses: number; expiresAt: string; links: { telegram: string; vk: string } }>(
      'invite:create', '--programme', String(programme), '--role', 'mentor', '--max-uses', '30', '--expires-days', '14',
    );
    expect(invite).toMatchObject({ role: 'mentor', maxUses: 30, expiresAt: '2026-09-15T09:00:00.000Z' });
    expect(invite.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(invite.links).toEqual({
      telegram: `https://t.me/nastavnik_bot?start=${invite.code}`,
      vk: `https://vk.me/nastavnik?ref=${invite.code}`,
    });
  });

  it('invite:create without --json prints the code and a link per line', async () => {
    const programme = await newProgramme();
    const [first, ...links] = (await cli('invite:create', '--programme', String(programme), '--role', 'curator')).split('\n');
    const code = /^Invite ([A-Z2-9]{8}) \(curator\)/.exec(first ?? '')?.[1];
    expect(code).toBeDefined();
    expect(links).toEqual([`  https://t.me/nastavnik_bot?start=${code}`, `  https://vk.me/nastavnik?ref=${code}`]);
  });

  it('invite:list --json prints the programme’s invites, newest first', async () => {
    const programme = await newProgramme();
    const first = await newInvite(programme);
    const second = await newInvite(programme, '--max-uses', '1');
    const listed = await json<{ code: string; uses: number }[]>('invite:list', '--programme', String(programme));
    expect(listed.map((i) => i.code)).toEqual([second, first]);
    expect(await cli('invite:list', '--programme', String(await newProgramme()))).toBe('No invites.');
  });

  it('invite:revoke --json revokes a code however it was typed or pasted', async () => {
    const programme = await newProgramme();
    const code = await newInvite(programme);
    const revoked = await json<{ code: string; revokedAt: string }>('invite:revoke', '--code', ` ${code.toLowerCase()} `);
    expect(revoked).toEqual(expect.objectContaining({ code, revokedAt: now.toISOString() }));
    const other = await newInvite(programme);
    expect(await cli('invite:revoke', '--code', `https://t.me/nastavnik_bot?start=${other}`)).toBe(`Invite ${other} revoked.`);
  });

  it('participants --json lists who joined, optionally of one role', async () => {
    const programme = await newProgramme();
    const [person] = await database.db.insert(people).values({ fullName: 'Петров Пётр' }).returning();
    await database.db.insert(memberships).values({ personId: person?.id ?? -1, programmeId: programme, role: 'mentor', createdAt: now });
    const all = await json<{ personId: number; fullName: string; role: string; status: string; joinedAt: string; platforms: string[] }[]>(
      'participants', '--programme', String(programme),
    );
    expect(all).toEqual([
      { personId: person?.id, fullName: 'Петров Пётр', role: 'mentor', status: 'joined', joinedAt: now.toISOString(), platforms: [] },
    ]);
    expect(await json<unknown[]>('participants', '--programme', String(programme), '--role', 'mentee')).toEqual([]);
    expect(await cli('participants', '--programme', String(programme), '--role', 'mentee')).toBe('No participants yet.');
  });

  it('help lists every command, and --json gives the same as data', async () => {
    const text = await cli('help');
    for (const name of ['org:create', 'programme:create', 'invite:create', 'invite:list', 'invite:revoke', 'coordinator:create', 'participants']) {
      expect(text).toContain(name);
    }
    const data = await json<{ commands: { name: string; usage: string }[]; forms: string[] }>('help');
    expect(data.commands.map((c) => c.name)).toEqual(['org:create', 'programme:create', 'invite:create', 'invite:list', 'invite:revoke', 'coordinator:create', 'participants']);
    expect(data.forms).toContain('teacher_student');
    expect(await cli('help', 'invite:revoke')).toBe('Usage: npm run cli -- invite:revoke --code CODE');
  });
});

describe('operator CLI refusing bad arguments', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['help', 'frobnicate'], /unknown command "frobnicate"/],
    [['org:create'], /--name/],
    [['org:create', '--name', '   '], /--name: must not be empty/],
    [['org:create', '--name', 'X', '--timezone', 'Mars/Olympus'], /--timezone: unknown time zone "Mars\/Olympus"/],
    [['org:create', '--name', 'X', '--students', 'many'], /--students/],
    [['org:create', '--name', 'X', 'extra'], /unexpected argument "extra"/],
    [['org:create', '--name'], /--name/],
    [['programme:create', '--org', 'abc', '--name', 'X'], /--org/],
    [['programme:create', '--org', '999999', '--name', 'X'], /--org: organisation 999999 does not exist/],
    [['programme:create', '--org', '1', '--name', 'X', '--forms', 'chess'], /--forms: unknown form "chess"/],
    [['programme:create', '--org', '1', '--name', 'X', '--starts', '1 September'], /--starts/],
    [['invite:create', '--programme', '999999', '--role', 'mentee'], /--programme: programme 999999 does not exist/],
    [['invite:create', '--programme', '1', '--role', 'boss'], /--role/],
    [['invite:create', '--programme', '1', '--role', 'mentee', '--max-uses', '0'], /--max-uses/],
    [['invite:create', '--programme', '1', '--role', 'mentee', '--code', 'X'], /Unknown option '--code'/],
    [['invite:list'], /--programme/],
    [['invite:revoke', '--code', 'nope'], /--code: "nope" is not an invite code/],
    [['invite:revoke', '--code', 'ZZZZ9999'], /--code: there is no unrevoked invite ZZZZ9999/],
    [['participants', '--programme', '1', '--bogus', 'x'], /Unknown option '--bogus'/],
    [['participants', '--programme', '999999'], /programme 999999 does not exist/],
  ])('refuses %j with a message naming the problem', async (argv, message) => {
    const attempt = cli(...argv);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('a programme that would end before it starts is refused', async () => {
    const org = await newOrganisation();
    await expect(cli('programme:create', '--org', String(org), '--name', 'X', '--starts', '2027-01-10', '--ends', '2026-12-31')).rejects.toThrow(
      /--ends: the programme cannot end/,
    );
  });
});

describe('the cli process', () => {
  it('exits with code 2 and one clear message on stderr for bad arguments, printing nothing on stdout', async () => {
    const result = await runProcess(['invite:create', '--programme', 'x', '--role', 'mentee']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^--programme: expected a positive whole number\nUsage: npm run cli -- invite:create/);
  });

  it('exits with code 2 for an unknown command', async () => {
    const result = await runProcess(['frobnicate', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('prints exactly one JSON document on stdout with --json and exits with 0', async () => {
    const result = await runProcess(['org:create', '--name', 'Школа № 12', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'Школа № 12', timezone: 'Europe/Moscow' });
  });
});
