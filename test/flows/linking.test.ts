// One person in Telegram and VK: linked by a one-time code, one set of answers.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, people } from '../../db/schema';
import type { App } from '../../src/app';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createChat } from '../support/chat';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  seeded = await seedProgramme(database.db);
});
afterAll(async () => {
  await database.drop();
});

const codeIn = (text: string) => /\/link (\d{6})/.exec(text)?.[1] ?? '';

describe('linking Telegram and VK', () => {
  it('lets a participant continue the same questionnaire in the other messenger', async () => {
    const telegram = createChat(app.engine, 'telegram').user('t-501');
    const vk = createChat(app.engine, 'vk').user('v-501');
    await telegram.command('start', seeded.menteeCode);
    await telegram.press('Согласен(на)');
    await telegram.press('Да, мне 14 или больше');
    await telegram.text('Лебедева Ольга');
    await telegram.command('link');
    const code = codeIn(telegram.lastText());
    expect(code).toMatch(/^\d{6}$/);

    await vk.command('link', code);
    expect(vk.lastText()).toMatch(/аккаунты связаны/);
    await vk.command('start');
    expect(vk.lastText()).toMatch(/Вопрос 2 из/);
    await vk.press('Ученик или ученица школы');

    const rows = await database.db.select({ platform: identities.platform, personId: identities.personId }).from(identities)
      .where(eq(identities.externalId, 't-501'));
    const vkRows = await database.db.select({ personId: identities.personId }).from(identities).where(eq(identities.externalId, 'v-501'));
    expect(vkRows[0]?.personId).toBe(rows[0]?.personId);
    const [person] = await database.db.select().from(people).where(eq(people.id, rows[0]?.personId ?? -1));
    expect(person?.fullName).toBe('Лебедева Ольга');
    // Back in Telegram the questionnaire has moved on: the VK answer counts there too.
    await telegram.command('start');
    expect(telegram.lastText()).toMatch(/Вопрос 3 из/);
  });

  it('refuses a code twice, a wrong code and a code from the same account', async () => {
    const telegram = createChat(app.engine, 'telegram').user('t-502');
    await telegram.command('link');
    const code = codeIn(telegram.lastText());
    await telegram.command('link', code);
    expect(telegram.lastText()).toMatch(/выдан этому же аккаунту/);
    const vk = createChat(app.engine, 'vk').user('v-502');
    await vk.text(code);
    expect(vk.lastText()).toMatch(/аккаунты связаны/);
    const other = createChat(app.engine, 'vk').user('v-503');
    await other.command('link', code);
    expect(other.lastText()).toMatch(/не найден или уже использован/);
    await other.command('link', '000000x');
    expect(other.lastText()).toMatch(/не найден/);
  });
});
