// Proposing and agreeing meetings through the engine on real PostgreSQL: the mentor proposes by
// buttons and a typed time, the mentee accepts or asks for another time; two or three slots; a
// weekly schedule; moving and cancelling from a reminder moves and removes its jobs; bad input and
// another pair's buttons change nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingSchedules, meetings } from '../../../db/schema';
import { encodePayload } from '../../../flows/payload';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import { createChat } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { allTexts, createClock, newWorld, pendingJobs, runDueJobs, type Chat } from './support';

let database: TestDatabase;
let app: App;
let chat: Chat;
// Monday 16 March 2026, 10:00 in Moscow.
const clock = createClock('2026-03-16T07:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { clock });
  chat = createChat(app.engine);
});
afterAll(async () => {
  await database.drop();
});

const meetingJobs = async (meetingId: number) => (await pendingJobs(database.db)).filter((j) => j.key.startsWith(`meeting:${meetingId}:`));
const meetingsOf = (pairId: number) => database.db.select().from(meetings).where(eq(meetings.pairId, pairId)).orderBy(meetings.id);

describe('when a pair becomes active', () => {
  it('invites the mentor to propose a first meeting and set the plan, and tells the mentee what comes next', async () => {
    const world = await newWorld(database, chat, clock);
    expect(world.mentor.lastText()).toMatch(/^Пара начала работу! Предложите время первой встречи/);
    expect(world.mentor.buttons()).toEqual(['📅 Предложить встречу', '📋 План пары']);
    expect(world.mentee.lastText()).toMatch(/Наставник \(Котов Олег\) предложит время первой встречи/);
    const keys = (await pendingJobs(database.db)).map((j) => j.key).filter((k) => k.startsWith(`pair:${world.pairId}:`));
    expect(keys.map((k) => k.split(':')[2]).sort()).toEqual(['nudge', 'progress', 'pulse', 'silence']);
  });
});

describe('proposing a single meeting', () => {
  it('takes the day by a button and the time typed, then format and topic; the mentee accepts and reminders are set 24 h and 1 h before, the check-in after', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    expect(mentor.lastText()).toBe('Как договоримся о встрече?');
    await mentor.press('📅 Одна встреча');
    expect(mentor.lastText()).toMatch(/^Выберите день встречи или напишите дату/);
    expect(mentor.buttons().slice(0, 3)).toEqual(['Сегодня', 'Завтра', 'ср 18.03']);
    await mentor.press('Завтра');
    expect(mentor.lastText()).toMatch(/^Во сколько\?/);
    await mentor.text('15:30');
    expect(mentor.lastText()).toBe('Как будете встречаться?');
    await mentor.press('💻 Онлайн');
    expect(mentor.lastText()).toMatch(/^О чём будет встреча\?/);
    await mentor.text('Разбор олимпиадных задач');
    expect(mentor.lastText()).toBe('Предложение отправлено. Я сообщу, когда Зайцева Алина ответит:\n📅 вт, 17 марта, 15:30, онлайн\nТема: Разбор олимпиадных задач');

    expect(mentee.lastText()).toBe('Котов Олег предлагает встречу:\n📅 вт, 17 марта, 15:30, онлайн\nТема: Разбор олимпиадных задач');
    expect(mentee.buttons()).toEqual(['✅ Подходит', '🕑 Другое время']);
    const [proposed] = await meetingsOf(pairId);
    expect(proposed).toMatchObject({ status: 'proposed', format: 'online', topic: 'Разбор олимпиадных задач' });
    expect(proposed?.startsAt.toISOString()).toBe('2026-03-17T12:30:00.000Z');

    await mentee.press('✅ Подходит');
    expect(mentee.lastText()).toMatch(/^Договорились! Встреча назначена/);
    expect(mentor.lastText()).toMatch(/^Зайцева Алина принял\(а\) предложение/);
    const [scheduled] = await meetingsOf(pairId);
    expect(scheduled?.status).toBe('scheduled');
    const id = scheduled?.id ?? 0;
    expect((await meetingJobs(id)).map((j) => [j.key, j.dueAt.toISOString()])).toEqual([
      [`meeting:${id}:remind:1440`, '2026-03-16T12:30:00.000Z'],
      [`meeting:${id}:remind:60`, '2026-03-17T11:30:00.000Z'],
      [`meeting:${id}:checkin`, '2026-03-17T14:30:00.000Z'],
    ]);
  });

  it('answers a sticker, a word, a past date and an impossible time with what is expected, keeps the choices made, and creates nothing until done', async () => {
    const { mentor, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('📅 Одна встреча');
    const dayQuestion = mentor.lastText();
    await mentor.sticker();
    expect(mentor.replies.slice(-2).map((r) => r.text)).toEqual(['Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.', dayQuestion]);
    await mentor.text('на следующей неделе');
    expect(mentor.replies.at(-2)?.text).toBe('Не понял дату. Напишите её так: 25.03 или 25.03.2026 — или выберите день кнопкой.');
    await mentor.text('10.03');
    expect(mentor.replies.at(-2)?.text).toBe('Эта дата уже прошла. Выберите сегодняшний день или позже.');
    await mentor.press('Сегодня');
    // Buttons offer only times still ahead today (it is 10:00 in Moscow).
    expect(mentor.buttons()[0]).toBe('12:00');
    await mentor.text('25:00');
    expect(mentor.replies.at(-2)?.text).toBe('Не понял время. Напишите его так: 15:30 — или выберите кнопкой.');
    await mentor.text('9:00');
    expect(mentor.replies.at(-2)?.text).toBe('Это время уже прошло. Выберите время позже.');
    await mentor.text('18:00');
    await mentor.text('очно, наверное');
    expect(mentor.replies.at(-2)?.text).toBe('Здесь нужно выбрать вариант кнопкой.');
    expect(mentor.lastText()).toBe('Как будете встречаться?');
    expect(await meetingsOf(pairId)).toEqual([]);
    await mentor.press('🏫 Очно');
    await mentor.text('я'.repeat(201));
    expect(mentor.replies.at(-2)?.text).toMatch(/^Слишком длинно: 201 символ/);
    await mentor.press('Без темы');
    const [meeting] = await meetingsOf(pairId);
    expect(meeting).toMatchObject({ status: 'proposed', format: 'in_person', topic: null });
    expect(meeting?.startsAt.toISOString()).toBe('2026-03-16T15:00:00.000Z');
  });

  it('closes the proposal when the mentee asks for another time, passes the mentee\'s note to the mentor, and lets the mentor propose again', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('📅 Одна встреча');
    await mentor.press('Завтра');
    await mentor.press('16:00');
    await mentor.press('💻 Онлайн');
    await mentor.press('Без темы');
    await mentee.press('🕑 Другое время');
    expect(mentor.lastText()).toBe('Зайцева Алина просит другое время вместо вт, 17 марта, 16:00. Предложите новое:');
    expect(mentee.lastText()).toMatch(/^Напишите, когда вам удобно/);
    await mentee.text('После 17:00 в будни');
    expect(mentor.lastText()).toBe('Зайцева Алина пишет, когда удобно: «После 17:00 в будни»');
    expect(mentee.lastText()).toMatch(/^Передал/);
    const [closed] = await meetingsOf(pairId);
    expect(closed?.status).toBe('cancelled');
    expect(await meetingJobs(closed?.id ?? 0)).toEqual([]);
    // The old proposal's button no longer does anything.
    await mentee.press('✅ Подходит');
    expect(mentee.lastText()).toBe('На это предложение уже ответили.');

    await mentor.press('📅 Предложить встречу');
    await mentor.press('📅 Одна встреча');
    await mentor.press('Завтра');
    await mentor.press('18:00');
    await mentor.press('💻 Онлайн');
    await mentor.press('Без темы');
    await mentee.press('✅ Подходит');
    expect((await meetingsOf(pairId)).map((m) => m.status)).toEqual(['cancelled', 'scheduled']);
  });
});

describe('proposing two or three times to choose from', () => {
  it('sends the mentee a button per time and schedules the one picked', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('🕑 2–3 варианта на выбор');
    expect(mentor.lastText()).toMatch(/^Вариант 1 из 3/);
    await mentor.press('Завтра');
    await mentor.press('15:00');
    expect(mentor.replies.at(-2)?.text).toBe('Вариант 1: вт, 17 марта, 15:00.');
    expect(mentor.lastText()).toMatch(/^Вариант 2 из 3/);
    await mentor.text('19.03');
    await mentor.text('16:30');
    expect(mentor.lastText()).toBe('Добавить ещё вариант?');
    await mentor.press('Хватит, дальше');
    await mentor.press('🏫 Очно');
    await mentor.text('Проект по робототехнике');
    expect(mentor.lastText()).toBe('Варианты отправлены — Зайцева Алина выберет удобный:\n• вт, 17 марта, 15:00\n• чт, 19 марта, 16:30');
    expect(mentee.lastText()).toBe('Котов Олег предлагает встретиться (очно). Выберите удобное время:\nТема: Проект по робототехнике');
    expect(mentee.buttons()).toEqual(['вт, 17 марта, 15:00', 'чт, 19 марта, 16:30', '🕑 Ни одно не подходит']);
    await mentee.press('чт, 19 марта, 16:30');
    const [meeting] = await meetingsOf(pairId);
    expect(meeting?.status).toBe('scheduled');
    expect(meeting?.startsAt.toISOString()).toBe('2026-03-19T13:30:00.000Z');
    expect(mentor.lastText()).toMatch(/^Зайцева Алина принял\(а\) предложение[\s\S]*чт, 19 марта, 16:30, очно/);
  });

  it('refuses the same time offered twice', async () => {
    const { mentor } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('🕑 2–3 варианта на выбор');
    await mentor.press('Завтра');
    await mentor.press('15:00');
    await mentor.press('Завтра');
    await mentor.press('15:00');
    expect(mentor.replies.at(-2)?.text).toBe('Такой вариант уже есть. Выберите другое время.');
    expect(mentor.lastText()).toMatch(/^Вариант 2 из 3/);
  });
});

describe('a weekly schedule', () => {
  it('once accepted, sets the next occurrence with its reminders, and the one after when that one starts', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('🔁 Каждую неделю');
    expect(mentor.lastText()).toBe('В какой день недели встречаться?');
    await mentor.press('вт');
    await mentor.press('15:00');
    await mentor.press('💻 Онлайн');
    await mentor.press('Без темы');
    expect(mentee.lastText()).toBe('Котов Олег предлагает встречаться регулярно:\n🔁 Каждую неделю: вторник, 15:00, онлайн');
    const [proposed] = await database.db.select().from(meetingSchedules).where(eq(meetingSchedules.pairId, pairId));
    expect(proposed).toMatchObject({ status: 'proposed', active: false, weekday: 2, time: '15:00' });
    await mentee.press('✅ Подходит');
    expect(mentee.lastText()).toMatch(/^Договорились! Регулярные встречи начинаются, первая — вт, 17 марта, 15:00\./);
    const [first] = await meetingsOf(pairId);
    expect(first).toMatchObject({ status: 'scheduled', scheduleId: proposed?.id });
    expect(first?.startsAt.toISOString()).toBe('2026-03-17T12:00:00.000Z');
    expect((await meetingJobs(first?.id ?? 0)).map((j) => j.key.split(':').slice(2).join(':'))).toEqual(['remind:1440', 'remind:60', 'checkin']);

    clock.set('2026-03-17T12:00:00Z');
    await runDueJobs(app, chat, clock.now);
    const occurrences = await meetingsOf(pairId);
    expect(occurrences.map((m) => m.startsAt.toISOString())).toEqual(['2026-03-17T12:00:00.000Z', '2026-03-24T12:00:00.000Z']);
    expect(occurrences[1]?.status).toBe('scheduled');
  });

  it('stopped from /meetings, cancels the occurrences ahead and their reminders', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📅 Предложить встречу');
    await mentor.press('🔁 Каждую неделю');
    await mentor.press('чт');
    await mentor.text('17:00');
    await mentor.press('🏫 Очно');
    await mentor.press('Без темы');
    await mentee.press('✅ Подходит');
    await mentee.command('meetings');
    expect(mentee.lastText()).toMatch(/Регулярные встречи:\n• 🔁 Каждую неделю: четверг, 17:00, очно — Котов Олег/);
    await mentee.press('⏹ Остановить регулярные');
    expect(mentor.lastText()).toMatch(/^Зайцева Алина остановил\(а\) регулярные встречи/);
    const [occurrence] = await meetingsOf(pairId);
    expect(occurrence?.status).toBe('cancelled');
    expect(await meetingJobs(occurrence?.id ?? 0)).toEqual([]);
    expect((await pendingJobs(database.db)).filter((j) => j.kind === 'schedule.next' && j.key.startsWith(`schedule:${occurrence?.scheduleId}:`))).toEqual([]);
  });
});

describe('reminders', () => {
  it('reach both at 24 h and 1 h before; rescheduling from a reminder moves the jobs once the other side accepts, cancelling removes them', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    const start = clock.now;
    await mentor.press('📅 Предложить встречу');
    await mentor.press('📅 Одна встреча');
    await mentor.press(/ 2\d\.03$/); // a day about a week ahead
    await mentor.press('15:00');
    await mentor.press('💻 Онлайн');
    await mentor.press('Без темы');
    await mentee.press('✅ Подходит');
    const [meeting] = await meetingsOf(pairId);
    const startsAt = meeting?.startsAt ?? start;
    const id = meeting?.id ?? 0;

    clock.set(new Date(startsAt.getTime() - 24 * 3_600_000).toISOString());
    await runDueJobs(app, chat, clock.now);
    expect(mentor.lastText()).toMatch(/^⏰ Напоминание: встреча через 24 часа\.\n📅 .*, 15:00, онлайн\nУчастники: вы и Зайцева Алина$/);
    expect(mentee.lastText()).toMatch(/^⏰ Напоминание: встреча через 24 часа\.[\s\S]*Участники: вы и Котов Олег$/);
    expect(mentee.buttons()).toEqual(['✅ Буду', '🕑 Перенести', '✖️ Отменить']);

    await mentee.press('✅ Буду');
    expect(mentee.lastText()).toBe('Отлично, до встречи!');
    expect(mentor.lastText()).toMatch(/^Зайцева Алина подтвердил\(а\), что будет на встрече/);

    await mentee.press('🕑 Перенести');
    expect(mentee.lastText()).toMatch(/^На какой день перенести встречу\?/);
    await mentee.press('Завтра');
    await mentee.press('17:00');
    expect(mentee.lastText()).toMatch(/^Новое время отправлено — Котов Олег подтвердит или попросит другое/);
    expect(mentor.lastText()).toMatch(/^Зайцева Алина предлагает перенести встречу на другое время:\n📅 .*, 17:00, онлайн/);
    expect(await meetingJobs(id)).toEqual([]);
    await mentor.press('✅ Подходит');
    const moved = (await meetingsOf(pairId))[0];
    expect(moved?.status).toBe('scheduled');
    const newStart = moved?.startsAt.getTime() ?? 0;
    expect(newStart - startsAt.getTime()).toBe(2 * 3_600_000);
    // Every job follows the new time.
    expect((await meetingJobs(id)).map((j) => [j.key.split(':').slice(2).join(':'), j.dueAt.getTime() - newStart])).toEqual([
      ['remind:1440', -24 * 3_600_000],
      ['remind:60', -3_600_000],
      ['checkin', 2 * 3_600_000],
    ]);

    await mentor.press('✖️ Отменить');
    expect(mentor.lastText()).toMatch(/^Отменить встречу .*, 17:00\?$/);
    await mentor.press('Да, отменить');
    expect(mentor.lastText()).toMatch(/^Встреча .*, 17:00 отменена, напоминаний не будет\.$/);
    expect(mentee.lastText()).toMatch(/^Котов Олег отменил\(а\) встречу/);
    expect(await meetingJobs(id)).toEqual([]);
    expect((await meetingsOf(pairId))[0]?.status).toBe('cancelled');
    // A reminder of a cancelled meeting is stale: its buttons change nothing.
    await mentee.press('✅ Буду');
    expect(mentee.lastText()).toBe('Эта встреча уже отменена или прошла.');
  });
});

describe('another pair\'s buttons', () => {
  it('are refused, whether replayed from a real message or forged, and the meeting stays as it was', async () => {
    const first = await newWorld(database, chat, clock);
    const second = await newWorld(database, chat, clock, { mentorName: 'Чужой Наставник', menteeName: 'Чужая Наставляемая' });
    await first.mentor.press('📅 Предложить встречу');
    await first.mentor.press('📅 Одна встреча');
    await first.mentor.press('Завтра');
    await first.mentor.press('19:00');
    await first.mentor.press('💻 Онлайн');
    await first.mentor.press('Без темы');
    const [meeting] = await meetingsOf(first.pairId);
    const id = meeting?.id ?? 0;
    for (const action of ['accept', 'other', 'confirm', 'move', 'cancel', 'cancel-yes', 'ci-yes', 'card']) {
      await second.mentee.pressPayload(encodePayload('act', 'meetings', action, id));
      expect(second.mentee.lastText(), action).toBe('Эта кнопка относится к чужой паре — ничего не изменилось.');
    }
    for (const action of ['plan', 'plan-goal', 'new', 'fit-bad', 'pulse-1']) {
      await second.mentor.pressPayload(encodePayload('act', 'meetings', action, first.pairId));
      expect(second.mentor.lastText(), action).toBe('Эта кнопка относится к чужой паре — ничего не изменилось.');
    }
    await second.mentee.pressPayload(encodePayload('act', 'meetings', 'no-such-action', id));
    expect(second.mentee.lastText()).toBe('Эту кнопку я не понимаю. Воспользуйтесь кнопками из последнего сообщения.');
    expect((await meetingsOf(first.pairId))[0]?.status).toBe('proposed');
    expect(allTexts(second.mentor)).not.toMatch(/Зайцева/);
    // The mentor cannot accept their own proposal either.
    await first.mentor.pressPayload(encodePayload('act', 'meetings', 'accept', id));
    expect(first.mentor.lastText()).toBe('Это ваше предложение — ответить на него должен другой участник пары.');
  });
});
