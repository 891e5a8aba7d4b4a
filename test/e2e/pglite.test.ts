// The embedded path end to end: the same application on PGlite in a data folder, as `npm start`
// runs it on one machine. A mentee's onboarding survives closing and reopening the folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createChat } from '../support/chat';
import { createPgliteTestDatabase } from '../support/db';
import { answersOf, consentsOf, membershipsOf } from './support/records';

const USER_ID = '4242';

let dataDir: string;
let app: App | undefined;
let seeded: SeededProgramme;

async function openApp(): Promise<App> {
  return createTestApp(await createPgliteTestDatabase(dataDir));
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'nastavnik-pglite-'));
  app = await openApp();
  seeded = await seedProgramme(app.database.db);
});

afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the application on the embedded database', () => {
  it('keeps a mentee\'s answers and place in the questionnaire when the data folder is closed and reopened, and the mentee finishes', async () => {
    if (!app) throw new Error('app expected');
    expect(app.database.kind).toBe('pglite');
    const before = createChat(app.engine).user(USER_ID);
    await before.command('start', seeded.menteeCode);
    await before.press('Согласен(на)');
    await before.press('Да, мне 14 или больше');
    await before.text('Никитина Алиса');
    await before.press('Ученик или ученица школы');
    await before.text('6Б');
    await before.press('Творчество');
    expect(before.buttons()).toContain('✅ Творчество');
    const answered = await answersOf(app.database.db, 'telegram', USER_ID);
    expect([...answered.keys()].sort()).toEqual(['full_name', 'grade', 'role_group']);

    await app.close();
    app = undefined;
    app = await openApp();

    expect(await answersOf(app.database.db, 'telegram', USER_ID)).toEqual(answered);
    const after = createChat(app.engine).user(USER_ID);
    await after.command('start');
    expect(after.lastText()).toMatch(/^Вопрос 4 из 9\n\nС чем вам хотелось бы помощи наставника\?/);
    expect(after.buttons()).toContain('✅ Творчество');
    await after.press('Готово ✔');
    await after.text('Рисование');
    await after.press('Пропустить');
    await after.text('Подготовить работы к конкурсу');
    await after.press('Подойдёт любой');
    await after.press('Будни, днём после уроков');
    await after.press('Готово ✔');
    expect(after.lastText()).toMatch(/^Проверьте анкету:/);
    await after.press('✅ Всё верно, отправить');
    expect(after.lastText()).toMatch(/анкета отправлена/);

    const stored = await answersOf(app.database.db, 'telegram', USER_ID);
    expect(stored.get('full_name')).toEqual({ kind: 'text', text: 'Никитина Алиса' });
    expect(stored.get('requests')).toEqual({ kind: 'multi', options: ['creativity'] });
    expect(stored.get('free_time')).toEqual({ kind: 'multi', options: ['weekday_afternoon'] });
    expect(stored.size).toBe(9);
    expect(await membershipsOf(app.database.db, 'telegram', USER_ID)).toMatchObject([{ role: 'mentee', status: 'questionnaire_done' }]);
    expect(await consentsOf(app.database.db, 'telegram', USER_ID)).toMatchObject([{ kind: 'personal_data', textVersion: '2026-11-v1' }]);
  });
});
