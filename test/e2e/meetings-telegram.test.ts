// Pair work end to end on Telegram: the real grammY adapter long-polls the fake Bot API, the real
// engine runs on real PostgreSQL with a clock the test moves, and the due jobs are run and their
// messages sent through the adapter. A meeting is planned; both are reminded at the right times; the
// check-in arrives after it; the one who did not answer is asked again once; a silent pair is
// flagged to the curator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRouter } from '../../bots/delivery-router';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createDatabase } from '../../db/client';
import { encodePayload } from '../../flows/payload';
import type { App } from '../../src/app';
import { createTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { createClock, runDueJobsWith, seedPerson, type SeededPerson } from '../flows/meetings/support';
import { telegramPerson, type TelegramPerson } from './support/telegram';
import { createUpdateTracker, type UpdateTracker } from './support/update-tracker';
import { createOrganisation, createProgramme } from '../../src/programmes/programmes';

let database: TestDatabase;
let tg: FakeTelegram;
let app: App;
let adapter: TelegramAdapter;
let tracker: UpdateTracker;
// Monday 16 March 2026, 10:00 in Moscow.
const clock = createClock('2026-03-16T07:00:00Z');
const activatedAt = clock.now.getTime();
const HOUR_MS = 3_600_000;

interface Side {
  seeded: SeededPerson;
  person: TelegramPerson;
}
let curator: Side;
let mentor: Side;
let mentee: Side;
let quietMentor: Side;
let quietMentee: Side;
let programmeId = 0;

async function side(id: number, role: 'curator' | 'mentor' | 'mentee', fullName: string): Promise<Side> {
  const seeded = await seedPerson(database.db, { programmeId, role, chatId: String(id), fullName });
  return { seeded, person: telegramPerson(tg, tracker, id) };
}

/** The curator proposes the pair (a button of the curator console) and both confirm in their chats. */
async function formPair(pairMentor: Side, pairMentee: Side): Promise<void> {
  await curator.person.act(() => curator.person.user.press(encodePayload('propose', pairMentee.seeded.membershipId, pairMentor.seeded.membershipId)));
  await pairMentee.person.press('Подтверждаю ✅');
  await pairMentor.person.press('Подтверждаю ✅');
}

/** Moves the clock and lets the scheduler run what is due; returns the texts each person got. */
async function at(iso: string): Promise<Map<Side, string[]>> {
  const before = new Map([curator, mentor, mentee, quietMentor, quietMentee].map((s) => [s, s.person.chat().length]));
  clock.set(iso);
  await runDueJobsWith(app, clock.now, (chatId, message) => adapter.sender.send(chatId, message));
  return new Map([...before].map(([s, n]) => [s, s.person.chat().slice(n).map((m) => m.text ?? '')]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  tg = await startFakeTelegram();
  tracker = createUpdateTracker();
  const organisation = await createOrganisation(database.db, { name: 'Школа № 7', timezone: 'Europe/Moscow' });
  programmeId = (await createProgramme(database.db, { organisationId: organisation.id, name: 'Наставничество 2026' })).id;
  curator = await side(81_001, 'curator', 'Куратор Анна');
  mentor = await side(81_002, 'mentor', 'Котов Олег');
  mentee = await side(81_003, 'mentee', 'Зайцева Алина');
  quietMentor = await side(81_004, 'mentor', 'Белов Антон');
  quietMentee = await side(81_005, 'mentee', 'Громова Ника');

  app = await createTestApp(createDatabase({ url: database.url, poolSize: 3 }), { clock });
  const router = createDeliveryRouter(app.logger);
  adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    handler: app.engine,
    logger: app.logger,
    throttle: false,
    deliver: router.deliver,
  });
  router.register(adapter.sender);
  const handleUpdate = adapter.bot.handleUpdate.bind(adapter.bot);
  adapter.bot.handleUpdate = async (update, envelope) => {
    try {
      await handleUpdate(update, envelope);
    } finally {
      tracker.record(String(update.update_id));
    }
  };
  await adapter.start();
  await curator.person.command('pairwork');
});

afterAll(async () => {
  await adapter?.stop();
  await app?.close();
  await tg?.close();
  await database?.drop();
});

describe('a pair\'s meeting on Telegram, with the clock moved', () => {
  it('is planned by the mentor with buttons and accepted by the mentee', async () => {
    await formPair(mentor, mentee);
    await formPair(quietMentor, quietMentee);
    expect(mentor.person.lastText()).toMatch(/^Пара начала работу!/);

    await mentor.person.press('📅 Предложить встречу');
    await mentor.person.press('📅 Одна встреча');
    await mentor.person.press('Завтра');
    const time = await mentor.person.text('15:00');
    expect(time.texts).toEqual(['Как будете встречаться?']);
    await mentor.person.press('💻 Онлайн');
    // A photo where the topic is asked: told so, asked again, nothing lost.
    const photo = await mentor.person.photo();
    expect(photo.texts[0]).toBe('Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.');
    expect(photo.texts[1]).toMatch(/^О чём будет встреча\?/);
    await mentor.person.text('Знакомство и цели');
    await tg.waitForMessages(mentee.person.id, 1);
    expect(mentee.person.lastText()).toBe('Котов Олег предлагает встречу:\n📅 вт, 17 марта, 15:00, онлайн\nТема: Знакомство и цели');

    const accepted = await mentee.person.press('✅ Подходит');
    expect(accepted.texts[0]).toMatch(/^Договорились! Встреча назначена/);
    expect(accepted.callbackAnswers[0]?.params.text).toBe('Встреча назначена');
  });

  it('reminds both 24 hours and 1 hour before, not earlier, with buttons to confirm, reschedule or cancel', async () => {
    const early = await at('2026-03-16T11:59:00Z');
    expect(early.get(mentor)).toEqual([]);
    expect(early.get(mentee)).toEqual([]);

    const day = await at('2026-03-16T12:00:00Z');
    expect(day.get(mentor)).toEqual(['⏰ Напоминание: встреча через 24 часа.\n📅 вт, 17 марта, 15:00, онлайн\nТема: Знакомство и цели\nУчастники: вы и Зайцева Алина']);
    expect(day.get(mentee)).toEqual(['⏰ Напоминание: встреча через 24 часа.\n📅 вт, 17 марта, 15:00, онлайн\nТема: Знакомство и цели\nУчастники: вы и Котов Олег']);
    expect(mentee.person.buttons()).toEqual(['✅ Буду', '🕑 Перенести', '✖️ Отменить']);

    const confirmed = await mentee.person.press('✅ Буду');
    expect(confirmed.texts).toEqual(['Отлично, до встречи!']);
    await tg.waitForMessages(mentor.person.id, 1);
    expect(mentor.person.lastText()).toBe('Зайцева Алина подтвердил(а), что будет на встрече вт, 17 марта, 15:00.');

    expect((await at('2026-03-17T10:59:00Z')).get(mentee)).toEqual([]);
    const hour = await at('2026-03-17T11:00:00Z');
    expect(hour.get(mentor)?.[0]).toMatch(/^⏰ Напоминание: встреча через 1 час\./);
    expect(hour.get(mentee)?.[0]).toMatch(/^⏰ Напоминание: встреча через 1 час\./);
    // Run again at the same moment (another instance, a restart): nothing is sent twice.
    const again = await at('2026-03-17T11:00:30Z');
    expect(again.get(mentor)).toEqual([]);
    expect(again.get(mentee)).toEqual([]);
  });

  it('sends the check-in to both after the meeting; the mentor answers it in full', async () => {
    expect((await at('2026-03-17T13:59:00Z')).get(mentor)).toEqual([]);
    const after = await at('2026-03-17T14:00:00Z');
    expect(after.get(mentor)).toEqual(['Как прошла встреча вт, 17 марта, 15:00 (вы и Зайцева Алина)? Она состоялась?']);
    expect(after.get(mentee)).toEqual(['Как прошла встреча вт, 17 марта, 15:00 (вы и Котов Олег)? Она состоялась?']);

    expect((await mentor.person.press('✅ Да, встретились')).texts).toEqual(['Оцените встречу от 1 до 5, где 5 — очень полезно:']);
    expect((await mentor.person.sticker()).texts[0]).toBe('Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.');
    await mentor.person.press('4');
    await mentor.person.text('Познакомились, выбрали олимпиаду');
    const done = await mentor.person.text('Решить 5 задач');
    expect(done.texts[0]).toBe('Спасибо, отметка сохранена!');
    expect(done.texts[1]).toMatch(/^Первая встреча позади!/);
  });

  it('asks the mentee who did not answer once more a day later, and never a third time', async () => {
    const next = await at('2026-03-18T14:00:00Z');
    expect(next.get(mentee)).toEqual(['Напоминаю про встречу вт, 17 марта, 15:00 (вы и Котов Олег): она состоялась? Ответ займёт минуту.']);
    expect(next.get(mentor)).toEqual([]);
    const later = await at('2026-03-21T14:00:00Z');
    expect(later.get(mentee)?.filter((t) => /состоялась\?/.test(t))).toEqual([]);
  });

  it('flags the pair that never met to the curator after three weeks, and not the pair that met', async () => {
    const due = new Date(activatedAt + 21 * 24 * HOUR_MS);
    const before = await at(new Date(due.getTime() - 60_000).toISOString());
    expect(before.get(curator)?.filter((t) => t.startsWith('⚠️'))).toEqual([]);
    const flagged = await at(due.toISOString());
    expect(flagged.get(curator)).toEqual(['⚠️ Пара Белов Антон — Громова Ника: встреч нет уже 21 день. Стоит связаться с парой.']);
    expect(curator.person.buttons()).toEqual(['👀 Посмотреть пару']);

    const card = await curator.person.press('👀 Посмотреть пару');
    expect(card.texts[0]).toMatch(/^Пара: Белов Антон \(наставник\), Громова Ника \(наставляемый\)/);
    expect(card.texts[0]).toMatch(/Встреч пока не было и не запланировано\./);

    await curator.person.command('pairwork');
    expect(curator.person.lastText()).toContain('1. Котов Олег — Зайцева Алина\n✅ 1 · ❌ 0 · ❔ 0 · 🗓 0 · план 0/0');
    expect(curator.person.lastText()).toContain('2. Белов Антон — Громова Ника\n✅ 0 · ❌ 0 · ❔ 0 · 🗓 0 · план 0/0 · ⚠️ давно не встречались');
  });
});
