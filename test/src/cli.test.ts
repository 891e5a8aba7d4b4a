// The operator CLI against a real database, as an operator would call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, UsageError } from '../../src/cli';
import { createConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
const config = createConfig({ TELEGRAM_BOT_USERNAME: 'nastavnik_bot', VK_COMMUNITY: 'nastavnik' });

async function cli(...argv: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(argv, { db: database.db, config, out: (s) => lines.push(s) });
  return lines.join('\n');
}
const json = async <T>(...argv: string[]): Promise<T> => JSON.parse(await cli(...argv, '--json')) as T;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('operator CLI', () => {
  it('creates an organisation, a programme and invites, and lists them as JSON', async () => {
    const org = await json<{ id: number; timezone: string }>('org:create', '--name', 'Лицей № 2', '--timezone', 'Asia/Yekaterinburg');
    expect(org.timezone).toBe('Asia/Yekaterinburg');
    const programme = await json<{ id: number; forms: string[]; topics: string[] }>(
      'programme:create', '--org', String(org.id), '--name', 'Наставничество', '--forms', 'student_student,teacher_student', '--topics', 'Математика; Робототехника',
    );
    expect(programme.forms).toEqual(['student_student', 'teacher_student']);
    expect(programme.topics).toEqual(['Математика', 'Робототехника']);
    const invite = await json<{ code: string; role: string; maxUses: number; links: { telegram: string; vk: string } }>(
      'invite:create', '--programme', String(programme.id), '--role', 'mentor', '--max-uses', '30', '--expires-days', '14',
    );
    expect(invite.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(invite.links.telegram).toBe(`https://t.me/nastavnik_bot?start=${invite.code}`);
    expect(invite.links.vk).toBe(`https://vk.me/nastavnik?ref=${invite.code}`);
    const listed = await json<{ code: string }[]>('invite:list', '--programme', String(programme.id));
    expect(listed.map((i) => i.code)).toEqual([invite.code]);
    const revoked = await json<{ revokedAt: string }>('invite:revoke', '--code', invite.code.toLowerCase());
    expect(revoked.revokedAt).toBeTruthy();
    expect(await json<unknown[]>('participants', '--programme', String(programme.id))).toEqual([]);
    expect(await cli('participants', '--programme', String(programme.id))).toBe('No participants yet.');
  });

  it.each([
    [['frobnicate'], /unknown command/],
    [['org:create'], /--name/],
    [['org:create', '--name', 'X', '--timezone', 'Mars/Olympus'], /unknown time zone/],
    [['programme:create', '--org', 'abc', '--name', 'X'], /--org/],
    [['programme:create', '--org', '1', '--name', 'X', '--forms', 'chess'], /--forms/],
    [['invite:create', '--programme', '999999', '--role', 'mentee'], /does not exist/],
    [['invite:create', '--programme', '1', '--role', 'boss'], /--role/],
    [['invite:revoke', '--code', 'nope'], /not an invite code/],
    [['participants', '--programme', '1', '--bogus', 'x'], /Unknown option/],
  ])('refuses bad arguments %j with a clear message', async (argv, message) => {
    await expect(cli(...argv)).rejects.toThrow(UsageError);
    await expect(cli(...argv)).rejects.toThrow(message);
  });
});
