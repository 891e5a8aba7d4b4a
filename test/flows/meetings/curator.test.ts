// What the curator sees of pair work and what only the curator may do, through the engine on real
// PostgreSQL: the pairs with meetings held, missed, not reported and ahead; a pair's card; a message
// to all mentors or all pairs; refusals for a participant and for another organisation's curator.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { encodePayload } from '../../../flows/payload';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import { createChat } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { activatePair, createClock, newWorld, runDueJobs, seedPerson, type Chat, type PairWorld } from './support';

let database: TestDatabase;
let app: App;
let chat: Chat;
// Monday 16 March 2026, 10:00 in Moscow.
const clock = createClock('2026-03-16T07:00:00Z');
let world: PairWorld;
let other: PairWorld;

async function meet(w: PairWorld, day: string, time: string, topic: string): Promise<void> {
  await w.mentor.command('meeting');
  await w.mentor.press('📅 Одна встреча');
  await w.mentor.text(day);
  await w.mentor.text(time);
  await w.mentor.press('💻 Онлайн');
  await w.mentor.text(topic);
  await w.mentee.press('✅ Подходит');
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { clock });
  chat = createChat(app.engine);
  world = await newWorld(database, chat, clock);
  other = await newWorld(database, chat, clock, { mentorName: 'Чужой Наставник', menteeName: 'Чужая Наставляемая' });
  // A second pair in the same programme, without any meeting.
  const mentor = await seedPerson(database.db, { programmeId: world.programmeId, role: 'mentor', chatId: 'mentor-b', fullName: 'Белов Антон' });
  const mentee = await seedPerson(database.db, { programmeId: world.programmeId, role: 'mentee', chatId: 'mentee-b', fullName: 'Громова Ника' });
  await activatePair(database, chat, { programmeId: world.programmeId, curator: world.people.curator, mentor, mentee, now: clock.now });

  // Held (checked in), missed, not reported, and one ahead.
  await meet(world, '17.03', '15:00', 'Знакомство');
  await meet(world, '18.03', '15:00', 'Олимпиадные задачи');
  await meet(world, '19.03', '15:00', 'Пробный тур');
  await meet(world, '30.03', '16:00', 'Итоги месяца');
  clock.set('2026-03-20T12:00:00Z');
  await runDueJobs(app, chat, clock.now);
  await world.mentor.press(/Да, встретились/); // the latest check-in question: 19 March
  await world.mentor.command('cancel');
  const questions = world.mentee.replies.filter((r) => /Как прошла встреча/.test(r.text));
  const [first, second] = questions;
  await world.mentee.pressPayload(first?.buttons?.[0]?.[0]?.payload ?? '');
  await world.mentee.press('5');
  await world.mentee.text('Договорились о целях');
  await world.mentee.text('Выбрать олимпиаду');
  await world.mentee.pressPayload(second?.buttons?.[0]?.[1]?.payload ?? '');
});
afterAll(async () => {
  await database.drop();
});

describe('/pairwork', () => {
  it('lists the programme\'s active pairs with meetings held, missed, not reported and ahead', async () => {
    await world.curator.command('pairwork');
    const text = world.curator.lastText();
    expect(text).toMatch(/^Пары программы «Наставничество \d+»: 2 \(страница 1 из 1\)/);
    expect(text).toContain('1. Котов Олег — Зайцева Алина\n✅ 2 · ❌ 1 · ❔ 0 · 🗓 1 · план 0/0');
    expect(text).toContain('2. Белов Антон — Громова Ника\n✅ 0 · ❌ 0 · ❔ 0 · 🗓 0 · план 0/0');
    expect(text).not.toMatch(/Чужой/);
    expect(world.curator.buttons()).toEqual(['1. Котов Олег — Зайцева Алина', '2. Белов Антон — Громова Ника']);
  });

  it('opens a pair with each meeting and the check-in answers under it', async () => {
    await world.curator.press('1. Котов Олег — Зайцева Алина');
    const card = world.curator.lastText();
    expect(card).toContain('Впереди (1):\n• пн, 30 марта, 16:00, онлайн — Итоги месяца');
    expect(card).toContain(
      'Проведены (2):\n• вт, 17 марта, 15:00, онлайн — Знакомство\n   Зайцева Алина: оценка 5 из 5. Сделали: Договорились о целях. Дальше: Выбрать олимпиаду\n• чт, 19 марта, 15:00, онлайн — Пробный тур\n   Котов Олег: оценка — из 5. Сделали: —. Дальше: —',
    );
    expect(card).toContain('Не состоялись (1):\n• ср, 18 марта, 15:00, онлайн — Олимпиадные задачи\n   Зайцева Алина: встреча не состоялась');
  });

  it('is refused to a participant, and another organisation\'s curator cannot open this programme\'s pair by a replayed button', async () => {
    await world.mentee.command('pairwork');
    expect(world.mentee.lastText()).toBe('Эта команда доступна только куратору программы.');
    await other.curator.pressPayload(encodePayload('act', 'meetings', 'pw-pair', world.pairId));
    expect(other.curator.lastText()).toBe('Эта команда доступна только куратору программы.');
    await other.curator.command('pairwork');
    expect(other.curator.lastText()).toMatch(/: 1 \(страница 1 из 1\)/);
    expect(other.curator.lastText()).not.toMatch(/Котов/);
  });
});

describe('/broadcast', () => {
  it('sends the curator\'s message to every mentor of the programme after a preview, and writes it to the audit log', async () => {
    await world.curator.command('broadcast');
    expect(world.curator.buttons()).toEqual(['Всем наставникам', 'Всем участникам пар']);
    await world.curator.press('Всем наставникам');
    expect(world.curator.lastText()).toMatch(/^Напишите сообщение всем наставникам/);
    await world.curator.sticker();
    expect(world.curator.replies.at(-2)?.text).toBe('Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.');
    await world.curator.text('В пятницу — встреча наставников в 15:00, кабинет 12.');
    expect(world.curator.lastText()).toBe('Отправить 2 получателям? Вот сообщение:\n\nВ пятницу — встреча наставников в 15:00, кабинет 12.');
    await world.curator.press('📣 Отправить');
    expect(world.curator.lastText()).toBe('Отправлено: 2 получателям.');
    await runDueJobs(app, chat, clock.now);
    const expected = /^📣 Сообщение куратора программы «Наставничество \d+»:\n\nВ пятницу — встреча наставников в 15:00, кабинет 12\.$/;
    expect(world.mentor.lastText()).toMatch(expected);
    expect(chat.user('mentor-b').lastText()).toMatch(expected);
    expect(world.mentee.lastText()).not.toMatch(expected);
    expect(other.mentor.lastText()).not.toMatch(expected);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, world.programmeId));
    expect(audit.filter((a) => a.action === 'broadcast.send').map((a) => a.details)).toEqual([{ audience: 'mentors', recipients: 2 }]);
    // Pressing "send" again sends nothing twice.
    await world.curator.press('📣 Отправить');
    expect(world.curator.lastText()).toBe('Эта кнопка уже не действует.');
  });

  it('reaches everyone in a pair, and a dropped message reaches no one', async () => {
    await world.curator.command('broadcast');
    await world.curator.press('Всем участникам пар');
    await world.curator.text('Не забудьте отметить встречи');
    expect(world.curator.lastText()).toMatch(/^Отправить 4 получателям\?/);
    await world.curator.press('Отмена');
    expect(world.curator.lastText()).toBe('Хорошо, сообщение не отправлено.');
    expect(world.mentee.lastText()).not.toMatch(/Не забудьте/);
    await world.curator.command('broadcast');
    await world.curator.press('Всем участникам пар');
    await world.curator.text('Не забудьте отметить встречи');
    await world.curator.press('📣 Отправить');
    await runDueJobs(app, chat, clock.now);
    for (const user of [world.mentor, world.mentee, chat.user('mentor-b'), chat.user('mentee-b')]) expect(user.lastText()).toMatch(/Не забудьте отметить встречи$/);
  });

  it('is refused to a participant and to another organisation\'s curator replaying the audience button', async () => {
    await world.mentor.command('broadcast');
    expect(world.mentor.lastText()).toBe('Эта команда доступна только куратору программы.');
    await other.curator.pressPayload(encodePayload('act', 'meetings', 'bc-pairs', world.programmeId));
    expect(other.curator.lastText()).toBe('Эта команда доступна только куратору программы.');
  });
});

describe('a participant\'s /meetings and /help', () => {
  it('lists the meetings ahead and the recent ones, with a card to move or cancel', async () => {
    await world.mentee.command('meetings');
    const text = world.mentee.lastText();
    expect(text).toContain('Впереди:\n• пн, 30 марта, 16:00, онлайн — вы и Котов Олег: назначена');
    expect(text).toContain('Недавние:\n• чт, 19 марта, 15:00, онлайн — вы и Котов Олег: состоялась ✅\n• ср, 18 марта, 15:00, онлайн — вы и Котов Олег: не состоялась');
    expect(world.mentee.buttons()).toEqual(['🗓 пн, 30 марта, 16:00', '📅 Предложить встречу']);
    await world.mentee.press('🗓 пн, 30 марта, 16:00');
    expect(world.mentee.lastText()).toBe('Встреча (вы и Котов Олег) — назначена\n📅 пн, 30 марта, 16:00, онлайн\nТема: Итоги месяца');
    expect(world.mentee.buttons()).toEqual(['🕑 Перенести', '✖️ Отменить']);
  });

  it('shows the pair-work commands in /help to paired participants and the curator\'s ones to curators', async () => {
    await world.mentee.command('help');
    expect(world.mentee.replies.map((r) => r.text).join('\n')).toMatch(/\/plan — цели и план пары/);
    await world.curator.command('help');
    expect(world.curator.replies.map((r) => r.text).join('\n')).toMatch(/\/pairwork — пары программы/);
  });
});
