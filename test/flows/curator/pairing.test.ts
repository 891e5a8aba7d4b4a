// Forming pairs by hand through the engine: the curator proposes, both sides confirm and get each
// other's contacts, a decline comes back with its reason, and the curator pairs the mentee again.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairs } from '../../../db/schema';
import type { App } from '../../../src/app';
import { unpairedMentees } from '../../../src/pairs/pairs';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
let app: App;
let school: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let curator: ChatUser;

async function completeIntake(user: ChatUser, code: string, name: string, role: 'mentee' | 'mentor') {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  if (role === 'mentee') {
    await user.press('Ученик или ученица школы');
    await user.text('8 «А»');
    await user.press('Олимпиады и конкурсы');
    await user.press('Готово ✔');
    await user.text('Шахматы');
    await user.press('Пропустить');
    await user.text('Победить на олимпиаде по математике');
    await user.press('Онлайн');
  } else {
    await user.press('Педагог');
    await user.text('Школа № 5, учитель математики');
    await user.press('Олимпиады и конкурсы');
    await user.press('Готово ✔');
    await user.text('15 лет, готовлю олимпиадников');
    await user.text('2');
  }
  await user.press('Выходные');
  await user.press('Готово ✔');
  if (role === 'mentor') {
    await user.press('Учитель – ученик');
    await user.press('Готово ✔');
    await user.press('Подойдёт любой');
  }
  await user.press('✅ Всё верно, отправить');
}

/** The newest message the user got that matches. */
function textOf(user: ChatUser, pattern: RegExp): string {
  return [...user.replies].reverse().find((r) => pattern.test(r.text))?.text ?? '';
}

async function markReady(name: string) {
  await curator.command('mentors');
  await curator.press(new RegExp(name));
  await curator.press('готов');
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  school = await seedProgramme(database.db);
  chat = createChat(app.engine);
  curator = chat.user('curator');
  await curator.command('start', school.curatorCode);
  await curator.press('Согласен(на)');
});
afterAll(async () => {
  await database.drop();
});

describe('pairing by hand', () => {
  it('activates a pair when both confirm, and both get the other\'s contact and what the mentee asked for', async () => {
    const mentee = chat.user('1001');
    const mentor = chat.user('2001');
    await completeIntake(mentee, school.menteeCode, 'Зайцева Алина', 'mentee');
    await completeIntake(mentor, school.mentorCode, 'Котов Олег', 'mentor');
    await markReady('Котов Олег');
    await curator.command('mentees');
    await curator.press(/Зайцева Алина/);
    await curator.press('🤝 Подобрать наставника');
    await curator.press('Котов Олег');
    expect(curator.lastText()).toMatch(/Пара предложена/);

    expect(mentor.lastText()).toMatch(/предлагает вам наставляемого/);
    expect(mentor.lastText()).toMatch(/Зайцева Алина — наставляемый/);
    expect(mentor.lastText()).toMatch(/Победить на олимпиаде по математике/);
    expect(mentee.lastText()).toMatch(/Котов Олег — наставник/);

    await mentee.press('Подтверждаю ✅');
    expect(mentee.lastText()).toMatch(/Ждём подтверждения/);
    await mentor.press('Подтверждаю ✅');
    expect(textOf(mentee, /Пара сформирована/)).toMatch(/tg:\/\/user\?id=2001/);
    expect(textOf(mentor, /Пара сформирована/)).toMatch(/tg:\/\/user\?id=1001/);
    expect(curator.lastText()).toMatch(/Пара подтверждена всеми участниками/);
    const [pair] = await database.db.select().from(pairs);
    expect(pair?.status).toBe('active');
  });

  it('returns a declined pair to the curator with the reason, and the mentee can be paired again', async () => {
    const mentee = chat.user('1002');
    const first = chat.user('2002');
    const second = chat.user('2003');
    await completeIntake(mentee, school.menteeCode, 'Морозов Дима', 'mentee');
    await completeIntake(first, school.mentorCode, 'Первый Наставник', 'mentor');
    await completeIntake(second, school.mentorCode, 'Второй Наставник', 'mentor');
    await markReady('Первый Наставник');
    await markReady('Второй Наставник');
    await curator.command('mentees');
    await curator.press(/Морозов Дима/);
    await curator.press('🤝 Подобрать наставника');
    await curator.press('Первый Наставник');

    await first.press('Отказаться');
    expect(first.lastText()).toMatch(/почему вы отказываетесь/);
    await first.sticker();
    expect(first.lastText()).toMatch(/почему вы отказываетесь/);
    await first.text('Не успеваю по времени');
    expect(curator.lastText()).toMatch(/Первый Наставник отказался от пары. Причина: Не успеваю по времени/);
    expect(mentee.lastText()).toMatch(/Пара не сложилась/);
    const unpaired = await unpairedMentees(database.db, school.programmeId);
    expect(unpaired.length).toBe(1);

    // A stale confirmation of the declined proposal changes nothing.
    await mentee.press('Подтверждаю ✅');
    expect(mentee.lastText()).toMatch(/Решение по этой паре уже принято/);

    await curator.command('mentees');
    await curator.press(/Морозов Дима/);
    await curator.press('🤝 Подобрать наставника');
    await curator.press('Второй Наставник');
    await mentee.press('Подтверждаю ✅');
    await second.press('Подтверждаю ✅');
    expect(textOf(mentee, /Пара сформирована/)).toMatch(/tg:\/\/user\?id=2003/);
  });

  it('suggests pairs with a score and reasons in words, and proposes the accepted one', async () => {
    const mentee = chat.user('1003');
    const mentor = chat.user('2004');
    await completeIntake(mentee, school.menteeCode, 'Лисицына Ева', 'mentee');
    await completeIntake(mentor, school.mentorCode, 'Орлов Пётр', 'mentor');
    await curator.command('match');
    // Only ready mentors are matched: Орлов is not ready yet.
    expect(curator.lastText()).not.toMatch(/Орлов Пётр/);
    await markReady('Орлов Пётр');
    await curator.command('match');
    expect(curator.lastText()).toMatch(/Лисицына Ева → (Орлов Пётр|Первый Наставник) \(совпадение \d+ из 100\)/);
    expect(curator.lastText()).toMatch(/общие темы: Олимпиады и конкурсы/);
    expect(curator.lastText()).toMatch(/общее свободное время: Выходные/);
    await curator.press(/^✅ Лисицына Ева → /);
    expect(mentee.lastText()).toMatch(/— наставник/);
  });

  it('refuses a proposal answer from someone outside the pair', async () => {
    const [pair] = await database.db.select().from(pairs).where(eq(pairs.status, 'active'));
    const outsider = chat.user('9999');
    await outsider.pressPayload(`pair:${pair?.id ?? 0}:yes`);
    expect(outsider.lastText()).toMatch(/Вы не участник этой пары/);
  });
});
