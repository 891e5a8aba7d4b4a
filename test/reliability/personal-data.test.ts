// Personal data and the logs, and withdrawal: a whole run through the real grammY and vk-io
// adapters and the engine (a child joins with a parent's consent and contact, answers the intake, a
// mentor joins in VK, the curator proposes a pair, the child declines with a reason, a second
// proposal is confirmed by both and contacts are exchanged, then the child withdraws consent). At
// info level the log holds no name, phone number, answer or reason; after the withdrawal the
// database holds none of the child's.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRouter } from '../../bots/delivery-router';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createVkAdapter, type VkAdapter } from '../../bots/vk/bot';
import { eq } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { encodePayload } from '../../flows/payload';
import { createApp, type App } from '../../src/app';
import { createConfig } from '../../src/config';
import { setMentorReadiness } from '../../src/curators/participants';
import { personOf } from '../e2e/support/records';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk } from '../support/fake-vk';
import { captureLog, type CapturedLog } from './support/fuzz';
import { createSnapshotter } from './support/snapshot';

const CHILD = { name: 'Секретова Алиса', parent: 'Секретова Мария Петровна', phone: '+7 912 345-67-89', hobby: 'Вышивка крестиком по вторникам', goal: 'Выиграть олимпиаду по астрономии', reason: 'Мама против, звоните 89123456789' };
const MENTOR = { name: 'Тайнов Борис Игоревич', experience: 'Двадцать лет преподаю астрономию' };
const IDS = { curator: 670_001, child: 670_002, mentor: 670_003 };

let database: TestDatabase;
let app: App;
let log: CapturedLog;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let vk: FakeVk;
let telegram: TelegramAdapter;
let vkAdapter: VkAdapter;
let nextUpdate = 1;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  // Everything the bot logs, down to debug; the assertions read what production logs (info and up).
  log = captureLog('debug');
  app = await createApp(createConfig({ LOG_LEVEL: 'debug' }), log.logger, { database });
  tg = await startFakeTelegram();
  vk = await startFakeVk({ firstEventNumber: 7_000_000 });
  const router = createDeliveryRouter(log.logger);
  telegram = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, botInfo: tg.botInfo, handler: app.engine, logger: log.logger, throttle: false, mode: 'webhook', deliver: router.deliver });
  vkAdapter = createVkAdapter({ token: vk.token, groupId: vk.groupId, apiBaseUrl: vk.apiBaseUrl, handler: app.engine, logger: log.logger, mode: 'webhook', deliver: router.deliver });
  router.register(telegram.sender);
  router.register(vkAdapter.sender);
  await telegram.start();
  await vkAdapter.start();
});

afterAll(async () => {
  await telegram?.stop();
  await vkAdapter?.stop();
  await tg?.close();
  await vk?.close();
  await app?.close();
  await database?.drop();
});

const from = (id: number) => ({ id, is_bot: false, first_name: id === IDS.child ? 'Алиса' : 'Куратор', last_name: 'Секретова', username: `user${id}`, language_code: 'ru' });

/** A Telegram person: typing and pressing buttons by label, each update handled before the next. */
function telegramPerson(id: number) {
  const post = (update: Omit<Update, 'update_id'>) => telegram.handleWebhookUpdate({ ...update, update_id: nextUpdate++ });
  const say = (text: string) => {
    const command = /^\/\S+/.exec(text);
    return post({
      message: {
        message_id: nextUpdate,
        date: Math.floor(Date.now() / 1000),
        chat: { id, type: 'private', first_name: 'Алиса' },
        from: from(id),
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      },
    } as Omit<Update, 'update_id'>);
  };
  const pressData = (data: string, messageId?: number) =>
    post({
      callback_query: {
        id: `cb-${nextUpdate}`,
        from: from(id),
        chat_instance: `ci-${id}`,
        data,
        ...(messageId === undefined ? {} : { message: { message_id: messageId, date: 0, chat: { id, type: 'private', first_name: 'Алиса' }, text: '…' } }),
      },
    } as Omit<Update, 'update_id'>);
  const press = (label: string) => {
    for (const message of [...tg.sentTo(id)].reverse()) {
      const button = message.buttons.flat().find((b) => b.text === label);
      if (button?.callback_data !== undefined) return pressData(button.callback_data, message.message_id);
    }
    throw new Error(`no button ${label} in the chat of ${id}: ${tg.sentTo(id).at(-1)?.text ?? ''}`);
  };
  return { say, press, pressData };
}

/** A VK person, the same way. */
function vkPerson(id: number) {
  const user = vk.user(id, { lang: 'ru', firstName: 'Борис' });
  return {
    say: (text: string) => vkAdapter.handleWebhookUpdate(user.sendText(text)),
    press: (label: string) => vkAdapter.handleWebhookUpdate(user.press(label)),
  };
}

describe('personal data in a whole run', () => {
  it('never reaches the log at info level, and is gone from the database once the child withdraws', async () => {
    const curator = telegramPerson(IDS.curator);
    const child = telegramPerson(IDS.child);
    const mentor = vkPerson(IDS.mentor);

    await curator.say(`/start ${seeded.curatorCode}`);
    await curator.press('Согласен(на)');

    await child.say(`/start ${seeded.menteeCode}`);
    await child.press('Согласен(на)');
    await child.press('Нет, мне меньше 14');
    await child.say(CHILD.parent);
    await child.say(CHILD.phone);
    await child.press('Я родитель и даю согласие');
    await child.say(CHILD.name);
    await child.press('Ученик или ученица школы');
    await child.say('5А');
    await child.press('Олимпиады и конкурсы');
    await child.press('Готово ✔');
    await child.say(CHILD.hobby);
    await child.press('Пропустить');
    await child.say(CHILD.goal);
    await child.press('Онлайн');
    await child.press('Выходные');
    await child.press('Готово ✔');
    await child.press('✅ Всё верно, отправить');
    expect(tg.sentTo(IDS.child).at(-1)?.text).toMatch(/анкета отправлена/);

    await mentor.say(`/start ${seeded.mentorCode}`);
    await mentor.press('Согласен(на)');
    await mentor.press('Да, мне 14 или больше');
    await mentor.say(MENTOR.name);
    await mentor.press('Педагог');
    await mentor.say('Школа № 5, учитель физики');
    await mentor.press('Олимпиады и конкурсы');
    await mentor.press('Готово ✔');
    await mentor.say(MENTOR.experience);
    await mentor.press('2');
    await mentor.press('Выходные');
    await mentor.press('Готово ✔');
    await mentor.press('Учитель – ученик');
    await mentor.press('Готово ✔');
    await mentor.press('Онлайн');
    await mentor.press('✅ Всё верно, отправить');
    expect(vk.sentTo(IDS.mentor).at(-1)?.text).toMatch(/анкета отправлена/);

    const membershipOf = async (platform: 'telegram' | 'vk', id: number) =>
      (await database.db.select().from(memberships).where(eq(memberships.personId, (await personOf(database.db, platform, id))?.id ?? -1)))[0]?.id ?? -1;
    const [childMembership, mentorMembership] = [await membershipOf('telegram', IDS.child), await membershipOf('vk', IDS.mentor)];
    await setMentorReadiness(database.db, {
      membershipId: mentorMembership,
      readiness: 'ready',
      actorPersonId: (await personOf(database.db, 'telegram', IDS.curator))?.id ?? -1,
      programmeId: seeded.programmeId,
      now: new Date(),
    });

    // A proposal the child declines with a reason, then one both confirm.
    await curator.pressData(encodePayload('propose', childMembership, mentorMembership));
    await child.press('Отказаться');
    await child.say(CHILD.reason);
    expect(tg.sentTo(IDS.curator).some((m) => (m.text ?? '').includes(CHILD.reason))).toBe(true);
    await curator.pressData(encodePayload('propose', childMembership, mentorMembership));
    await child.press('Подтверждаю ✅');
    await mentor.press('Подтверждаю ✅');
    // The contacts, then the start of the pair's work (the first meeting, the plan).
    expect(tg.sentTo(IDS.child).some((m) => /Пара сформирована/.test(m.text ?? ''))).toBe(true);
    expect(vk.sentTo(IDS.mentor).some((m) => m.text.includes(CHILD.name) && /Пара сформирована/.test(m.text))).toBe(true);

    const secrets = [CHILD.name, CHILD.parent, CHILD.phone, '89123456789', '912 345', CHILD.hobby, CHILD.goal, CHILD.reason, MENTOR.name, MENTOR.experience, 'Секретова', 'Тайнов'];
    const infoAndUp = log.lines.filter((l) => Number(l.level) >= 30);
    const leaks = secrets.filter((s) => infoAndUp.some((l) => JSON.stringify(l).includes(s)));
    const debugLeaks = secrets.filter((s) => log.lines.some((l) => Number(l.level) < 30 && JSON.stringify(l).includes(s)));
    console.info(`personal data: ${log.lines.length} log lines (${infoAndUp.length} at info and up) searched for ${secrets.length} pieces of personal data; at debug level found: ${debugLeaks.join(', ') || 'none'}`);
    // The search is not over an empty log: every update left a line (at debug level).
    expect(log.lines.filter((l) => l.msg === 'update processed').length).toBeGreaterThan(40);
    expect(infoAndUp.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);

    // The child withdraws consent: nothing of theirs is left in any table.
    await child.say('/forget');
    await child.press('Да, удалить мои данные');
    expect(tg.sentTo(IDS.child).at(-1)?.text).toMatch(/удален/i);
    const snapshots = await createSnapshotter(database.url);
    const everything = await snapshots.take();
    await snapshots.close();
    const kept = [CHILD.name, CHILD.parent, CHILD.phone, CHILD.hobby, CHILD.goal, CHILD.reason].filter((s) => everything.includes(JSON.stringify(s).slice(1, -1)));
    const where = (value: string) => Object.entries(JSON.parse(everything) as Record<string, unknown>).filter(([, rows]) => JSON.stringify(rows).includes(JSON.stringify(value).slice(1, -1))).map(([table]) => table);
    expect(kept.map((value) => `${value} (in ${where(value).join(', ')})`)).toEqual([]);
    // The mentor's own data stays.
    expect(everything).toContain(MENTOR.name);
  }, 60_000);
});
