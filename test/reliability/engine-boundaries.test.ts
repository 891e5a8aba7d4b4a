// What the fuzz tests found at the engine's edges, each pinned by a test of its own: text PostgreSQL
// cannot store, group chats, the language of an apology, and logs of failures.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../db/schema';
import { createEngine } from '../../flows/engine';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { createConfig } from '../../src/config';
import type { I18n } from '../../src/i18n';
import { loggableError } from '../../src/logger';
import { answersOf, flowStateOf, personOf } from '../e2e/support/records';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { captureLog, type CapturedLog } from './support/fuzz';
import { engineChat, menteeAtRequests } from './support/journey';

let database: TestDatabase;
let app: App;
let log: CapturedLog;
let seeded: SeededProgramme;
let nextId = 960_000;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  log = captureLog('info');
  app = await createApp(createConfig({ LOG_LEVEL: 'info' }), log.logger, { database });
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('text PostgreSQL cannot store', () => {
  it('a name with a NUL character and a broken surrogate pair is saved without them, not answered with an internal error', async () => {
    const user = engineChat(app.engine, 'telegram').user(++nextId);
    await user.command('start', seeded.menteeCode);
    await user.press('Согласен(на)');
    await user.press('Да, мне 14 или больше');

    const answered = await user.text('Ива\u0000нова \ud800Мария');

    expect(answered.replies[0]?.text).toMatch(/^Вопрос 2 из 8/);
    expect((await answersOf(database.db, 'telegram', user.id)).get('full_name')).toEqual({ kind: 'text', text: 'Иванова \ufffdМария' });
  });
});

describe('group chats', () => {
  it('a command in a group gets advice to write in private and creates nobody', async () => {
    const stranger = String(++nextId);
    const result = await app.engine.handle({
      platform: 'vk',
      updateId: `g-${stranger}`,
      chatType: 'group',
      user: { externalId: stranger, chatId: '2000000007', languageCode: 'en' },
      event: { kind: 'command', name: 'start', args: seeded.menteeCode },
    });

    expect(result.replies.map((r) => r.text)).toEqual(['I only work in private messages. Please write to me directly.']);
    expect(await personOf(database.db, 'vk', stranger)).toBeUndefined();
  });

  it("a participant's text in a group is not answered, and their private chat stays the one their pair contacts go to", async () => {
    const user = engineChat(app.engine, 'telegram').user(++nextId);
    await menteeAtRequests(user, seeded.menteeCode);
    const inGroup = { platform: 'telegram' as const, chatType: 'group' as const, user: { externalId: user.id, chatId: '-100200300', languageCode: 'ru' } };

    const text = await app.engine.handle({ ...inGroup, updateId: `g-${user.id}-1`, event: { kind: 'text', text: 'Всем привет' } });
    const command = await app.engine.handle({ ...inGroup, updateId: `g-${user.id}-2`, event: { kind: 'command', name: 'help', args: '' } });

    expect(text.replies).toEqual([]);
    expect(command.replies.map((r) => r.text)).toEqual(['Я работаю только в личных сообщениях. Напишите мне напрямую.']);
    const [identity] = await database.db.select().from(identities).where(eq(identities.externalId, user.id));
    expect(identity?.chatId).toBe(user.id);
  });
});

describe('a write that fails as the update commits', () => {
  it('rolls the whole update back: the answer, the name and the place in the questionnaire stay as they were, and the person is told', async () => {
    // The answer and the flow state are written with the COMMIT; PostgreSQL refuses this answer there.
    await database.db.execute(sql`
      create function refuse_test_answer() returns trigger language plpgsql as $$
      begin
        if new.value->>'text' = 'Отказ Базы' then raise exception 'refused by the test'; end if;
        return new;
      end $$`);
    await database.db.execute(sql`create trigger refuse_test_answer before insert or update on answers for each row execute function refuse_test_answer()`);
    const user = engineChat(app.engine, 'telegram').user(++nextId);
    await user.command('start', seeded.menteeCode);
    await user.press('Согласен(на)');
    await user.press('Да, мне 14 или больше');
    const before = await flowStateOf(database.db, 'telegram', user.id);

    const refused = await user.text('Отказ Базы');

    expect(refused.replies.map((r) => r.text)).toEqual([app.i18n.t('ru', 'error-internal')]);
    expect(await flowStateOf(database.db, 'telegram', user.id)).toEqual(before);
    expect((await answersOf(database.db, 'telegram', user.id)).has('full_name')).toBe(false);
    expect((await personOf(database.db, 'telegram', user.id))?.fullName ?? null).toBeNull();

    const answered = await user.text('Петрова Анна');

    expect(answered.replies[0]?.text).toMatch(/^Вопрос 2 из 8/);
    expect((await answersOf(database.db, 'telegram', user.id)).get('full_name')).toEqual({ kind: 'text', text: 'Петрова Анна' });
  });
});

describe('a failure that is not the person\'s doing', () => {
  it("is apologised for in the person's own language, and its log entry holds neither the update's text nor query parameters", async () => {
    const user = engineChat(app.engine, 'vk').user(++nextId, 'ru');
    await user.command('start');
    await user.command('language');
    await user.press('English');
    const person = await personOf(database.db, 'vk', user.id);
    expect(person?.locale).toBe('en');
    // An engine whose texts break on one key: the update fails the way a bug would.
    const broken: I18n = { ...app.i18n, t: (locale, key, args) => (key === 'idle-hint' ? failingQuery() : app.i18n.t(locale, key, args)) };
    const engine = createEngine({ database, i18n: broken, catalog: app.catalog, logger: log.logger });
    const before = log.lines.length;

    // A VK button press carries no language; the person chose English.
    const result = await engine.handle({
      platform: 'vk',
      updateId: `fail-${user.id}`,
      chatType: 'private',
      user: { externalId: user.id, chatId: user.id },
      event: { kind: 'text', text: 'Секретный ответ 89991234567' },
    });

    expect(result.replies.map((r) => r.text)).toEqual([app.i18n.t('en', 'error-internal')]);
    expect(result.replies[0]?.text).toMatch(/^Something went wrong on our side/);
    const entries = JSON.stringify(log.lines.slice(before));
    expect(entries).toContain('update handling failed');
    expect(entries).not.toContain('89991234567');
    expect(entries).not.toContain('Иванова Мария');
  });

  it('an error is logged without the parameters a database error carries in its message and stack', () => {
    const error = queryError();

    const logged = loggableError(error);

    expect(logged).toMatchObject({
      name: 'DrizzleQueryError',
      message: 'Failed query: insert into "answers" ("value") values ($1)',
      cause: { name: 'PostgresError', code: '22P02', message: 'invalid input syntax for type json' },
    });
    expect(JSON.stringify(logged)).not.toContain('Иванова Мария');
  });
});

function queryError(): Error {
  const cause = Object.assign(new Error('invalid input syntax for type json'), { name: 'PostgresError', code: '22P02' });
  const error = new Error('Failed query: insert into "answers" ("value") values ($1)\nparams: {"kind":"text","text":"Иванова Мария"}', { cause });
  error.name = 'DrizzleQueryError';
  return error;
}

function failingQuery(): never {
  throw queryError();
}

