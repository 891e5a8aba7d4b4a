// After the meeting, through the engine on real PostgreSQL with the due jobs run at a moved clock:
// the check-in (asked again once), the fit question after the first meeting, the monthly pulse, the
// nudges, and the pairs flagged to the curator as silent or stalled.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkins, meetings, pairFeedback } from '../../../db/schema';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { allTexts, createClock, newWorld, runDueJobs, type Chat, type PairWorld } from './support';

let database: TestDatabase;
let app: App;
let chat: Chat;
// Monday 16 March 2026, 10:00 in Moscow.
const clock = createClock('2026-03-16T07:00:00Z');
const HOUR = 60;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { clock });
  chat = createChat(app.engine);
});
afterAll(async () => {
  await database.drop();
});

/** The mentor proposes tomorrow at `time` online, the mentee accepts; returns the meeting id. */
async function agreeTomorrow(world: PairWorld, time: string): Promise<number> {
  await world.mentor.press('📅 Предложить встречу');
  await world.mentor.press('📅 Одна встреча');
  await world.mentor.press('Завтра');
  await world.mentor.press(time);
  await world.mentor.press('💻 Онлайн');
  await world.mentor.text('Знакомство и цели');
  await world.mentee.press('✅ Подходит');
  const rows = await database.db.select().from(meetings).where(eq(meetings.pairId, world.pairId)).orderBy(meetings.id);
  const meeting = rows.at(-1);
  if (meeting?.status !== 'scheduled') throw new Error('meeting not scheduled');
  return meeting.id;
}

const repliesSince = (user: ChatUser, from: number) => user.replies.slice(from).map((r) => r.text);

describe('the check-in after a meeting', () => {
  it('asks both two hours after the start; a complete answer is saved step by step, the one who did not answer is asked once more, then never again', async () => {
    const world = await newWorld(database, chat, clock);
    const meetingId = await agreeTomorrow(world, '15:00'); // Tue 17 March 15:00 = 12:00Z

    clock.set('2026-03-17T13:59:00Z');
    await runDueJobs(app, chat, clock.now);
    expect(world.mentor.lastText()).not.toMatch(/Как прошла встреча/);
    clock.set('2026-03-17T14:00:00Z');
    await runDueJobs(app, chat, clock.now);
    expect(world.mentor.lastText()).toBe('Как прошла встреча вт, 17 марта, 15:00 (вы и Зайцева Алина)? Она состоялась?');
    expect(world.mentee.lastText()).toBe('Как прошла встреча вт, 17 марта, 15:00 (вы и Котов Олег)? Она состоялась?');
    expect(world.mentor.buttons()).toEqual(['✅ Да, встретились', '❌ Не состоялась']);

    await world.mentor.press('✅ Да, встретились');
    expect(world.mentor.lastText()).toBe('Оцените встречу от 1 до 5, где 5 — очень полезно:');
    await world.mentor.text('пять');
    expect(repliesSince(world.mentor, -2)).toEqual(['Оценку нужно выбрать кнопкой — от 1 до 5.', 'Оцените встречу от 1 до 5, где 5 — очень полезно:']);
    await world.mentor.press('4');
    expect(world.mentor.lastText()).toMatch(/^Что удалось сделать на встрече\?/);
    await world.mentor.sticker();
    expect(world.mentor.replies.at(-2)?.text).toBe('Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.');
    await world.mentor.text('Познакомились, выбрали олимпиаду, составили список тем');
    await world.mentor.text('Решить 5 задач по комбинаторике');
    expect(world.mentor.replies.at(-2)?.text).toBe('Спасибо, отметка сохранена!');
    const [saved] = await database.db.select().from(checkins).where(eq(checkins.meetingId, meetingId));
    expect(saved).toMatchObject({
      happened: true,
      rating: 4,
      summary: 'Познакомились, выбрали олимпиаду, составили список тем',
      nextStep: 'Решить 5 задач по комбинаторике',
    });
    const [meeting] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting?.status).toBe('held');

    // The mentee did not answer: asked again once, a day later; the mentor is not asked again.
    const mentorSeen = world.mentor.replies.length;
    clock.set('2026-03-18T14:00:00Z');
    await runDueJobs(app, chat, clock.now);
    expect(world.mentee.lastText()).toBe('Напоминаю про встречу вт, 17 марта, 15:00 (вы и Котов Олег): она состоялась? Ответ займёт минуту.');
    expect(repliesSince(world.mentor, mentorSeen).filter((t) => /встреча.*состоялась/.test(t))).toEqual([]);
    const menteeSeen = world.mentee.replies.length;
    clock.set('2026-03-20T14:00:00Z');
    await runDueJobs(app, chat, clock.now);
    expect(repliesSince(world.mentee, menteeSeen).filter((t) => /состоялась\?/.test(t))).toEqual([]);

    // An old check-in button pressed twice changes nothing the second time.
    await world.mentor.press('✅ Да, встретились');
    expect(world.mentor.lastText()).toBe('Вы уже отметили эту встречу. Спасибо!');
  });

  it('after the pair\'s first meeting asks whether the pair fits; "not a good fit" alerts the curator', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Волков Игорь', menteeName: 'Соколова Вера' });
    await agreeTomorrow(world, '16:00');
    clock.advance(30 * HOUR);
    await runDueJobs(app, chat, clock.now);
    await world.mentee.press('✅ Да, встретились');
    await world.mentee.press('5');
    await world.mentee.text('Разобрали, как готовиться');
    await world.mentee.press('Пропустить');
    expect(world.mentee.replies.at(-2)?.text).toBe('Спасибо, отметка сохранена!');
    expect(world.mentee.lastText()).toBe('Первая встреча позади! Как вам работается в паре (вы и Волков Игорь)?');
    expect(world.mentee.buttons()).toEqual(['👍 Подходим друг другу', '🤔 Пока присматриваемся', '👎 Не подходим']);
    await world.mentee.press('👎 Не подходим');
    expect(world.mentee.lastText()).toMatch(/^Спасибо за честный ответ\. Я сообщил куратору/);
    expect(world.curator.lastText()).toBe('⚠️ Соколова Вера (наставляемый) считает, что пара Волков Игорь — Соколова Вера не подходит. Возможно, нужна другая пара.');
    expect(world.curator.buttons()).toEqual(['👀 Посмотреть пару']);
    const fit = await database.db.select().from(pairFeedback).where(eq(pairFeedback.pairId, world.pairId));
    expect(fit.map((f) => [f.kind, f.value])).toEqual([['fit', 'bad']]);

    await world.mentor.press('✅ Да, встретились');
    await world.mentor.press('4');
    await world.mentor.text('Хорошо поговорили');
    await world.mentor.press('Пропустить');
    expect(world.mentor.lastText()).toMatch(/^Первая встреча позади!/);
    await world.mentor.press('👍 Подходим друг другу');
    expect(world.mentor.lastText()).toBe('Здорово! Удачной работы.');

    // The curator opens the pair from the alert and sees both check-ins and both fit answers.
    await world.curator.press('👀 Посмотреть пару');
    const card = world.curator.lastText();
    expect(card).toMatch(/^Пара: Волков Игорь \(наставник\), Соколова Вера \(наставляемый\)/);
    expect(card).toMatch(/Проведены \(1\):\n• .*16:00, онлайн — Знакомство и цели\n {3}Волков Игорь: оценка 4 из 5\. Сделали: Хорошо поговорили\. Дальше: —\n {3}Соколова Вера: оценка 5 из 5\. Сделали: Разобрали, как готовиться\. Дальше: —/);
    expect(card).toMatch(/Работает с \d\d\.\d\d\.2026 · план пока пуст/);
    expect(card).toMatch(/\n\nСовместимость: Волков Игорь — подходим; Соколова Вера — не подходим$/);
  });

  it('marks the meeting missed when it did not happen, and offers the mentor to propose a new time', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Орлов Пётр', menteeName: 'Лисицына Ева' });
    const meetingId = await agreeTomorrow(world, '15:00');
    clock.advance(30 * HOUR);
    await runDueJobs(app, chat, clock.now);
    await world.mentor.press('❌ Не состоялась');
    expect(world.mentor.lastText()).toBe('Понятно, отмечено: встреча не состоялась. Предложите новое время:');
    expect(world.mentor.buttons()).toEqual(['📅 Предложить встречу']);
    const [meeting] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting?.status).toBe('missed');
    await world.mentee.press('❌ Не состоялась');
    expect(world.mentee.lastText()).toMatch(/Наставник предложит новое время/);
  });
});

describe('the curator is alerted', () => {
  it('when a pair has had no meeting for three weeks (the programme setting), once per period', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Тихий Наставник', menteeName: 'Тихая Наставляемая' });
    const activated = clock.now.getTime();
    clock.set(new Date(activated + 21 * 24 * 3_600_000 - 60_000).toISOString());
    await runDueJobs(app, chat, clock.now);
    expect(allTexts(world.curator)).not.toMatch(/встреч нет/);
    clock.advance(1);
    await runDueJobs(app, chat, clock.now);
    const alerts = () => world.curator.replies.filter((r) => r.text.startsWith('⚠️ Пара Тихий Наставник — Тихая Наставляемая'));
    expect(alerts().map((r) => r.text)).toEqual(['⚠️ Пара Тихий Наставник — Тихая Наставляемая: встреч нет уже 21 день. Стоит связаться с парой.']);
    // The "no progress" check falls due at the same time but does not repeat the alert.
    clock.advance(24 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(alerts()).toHaveLength(1);
  });

  it('when a pair meets no more and does nothing for the set days, with its own silence period longer', async () => {
    const world = await newWorld(database, chat, clock, {
      mentorName: 'Медленный Наставник',
      menteeName: 'Медленная Наставляемая',
      settings: { meetings: { silentWeeks: 8, noProgressDays: 10 } },
    });
    clock.advance(10 * 24 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(world.curator.lastText()).toBe(
      '⚠️ Пара Медленный Наставник — Медленная Наставляемая: нет движения 10 дней — ни проведённых встреч, ни отметок, ни выполненных мероприятий плана.',
    );
  });
});

describe('nudges and the pulse', () => {
  it('asks a mentee who has not met the mentor whether they got in touch; "not yet" reaches the mentor', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Занятой Наставник', menteeName: 'Новая Наставляемая' });
    clock.advance(72 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(world.mentee.lastText()).toBe('Вы уже связались с наставником (Занятой Наставник)?');
    await world.mentee.press('Ещё нет');
    expect(world.mentee.lastText()).toMatch(/^Напишите наставнику/);
    expect(world.mentor.lastText()).toBe('Новая Наставляемая пока не на связи с вами. Предложите первую встречу — так проще начать:');
    expect(world.mentor.buttons()).toEqual(['📅 Предложить встречу']);
  });

  it('shows an unanswered proposal to the mentee again after three days, and not after it was answered', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Терпеливый Наставник', menteeName: 'Молчаливый Наставляемый' });
    await world.mentor.press('📅 Предложить встречу');
    await world.mentor.press('📅 Одна встреча');
    await world.mentor.text(DateTime.fromJSDate(clock.now).setZone('Europe/Moscow').plus({ days: 6 }).toFormat('dd.MM'));
    await world.mentor.press('17:00');
    await world.mentor.press('💻 Онлайн');
    await world.mentor.press('Без темы');
    clock.advance(72 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(world.mentee.lastText()).toMatch(/^Терпеливый Наставник ждёт вашего ответа\.\n\nТерпеливый Наставник предлагает встречу:/);
    expect(world.mentee.buttons()).toEqual(['✅ Подходит', '🕑 Другое время']);
    await world.mentee.press('✅ Подходит');
    expect(world.mentor.lastText()).toMatch(/^Молчаливый Наставляемый принял\(а\) предложение/);
  });

  it('asks both about mood and progress every 30 days; a low mood alerts the curator', async () => {
    const world = await newWorld(database, chat, clock, { mentorName: 'Пульс Наставник', menteeName: 'Пульс Наставляемая' });
    clock.advance(30 * 24 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(world.mentee.lastText()).toBe('Как дела в паре (вы и Пульс Наставник)? Оцените настроение от 1 до 5, где 5 — всё отлично:');
    await world.mentee.press('2');
    expect(world.mentee.lastText()).toBe('Есть ли продвижение к целям пары?');
    expect(world.curator.lastText()).toBe('⚠️ Пульс Наставляемая оценил(а) настроение в паре Пульс Наставник — Пульс Наставляемая на 2 из 5.');
    await world.mentee.press('Пока нет');
    expect(world.mentee.lastText()).toBe('Спасибо! Ответы видит только куратор программы.');
    const answers = await database.db.select().from(pairFeedback).where(eq(pairFeedback.pairId, world.pairId));
    expect(answers.map((a) => [a.kind, a.value])).toEqual([
      ['pulse', '2'],
      ['progress', 'no'],
    ]);
    // The next pulse comes 30 days later.
    const seen = world.mentor.replies.length;
    clock.advance(29 * 24 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(repliesSince(world.mentor, seen).filter((t) => t.startsWith('Как дела в паре'))).toEqual([]);
    clock.advance(24 * HOUR);
    await runDueJobs(app, chat, clock.now);
    expect(repliesSince(world.mentor, seen).filter((t) => t.startsWith('Как дела в паре'))).toHaveLength(1);
  });
});
