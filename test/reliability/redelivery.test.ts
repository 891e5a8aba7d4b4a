// The same update delivered twice, on every way an update arrives (Telegram webhook and long
// polling, VK Callback API and Bots Long Poll), through the real grammY / vk-io adapters and the
// engine on PostgreSQL: it is handled once. The updates chosen are not idempotent on their own (a
// multi-choice tick toggles, a text answer moves the questionnaire on), so a second handling would show.
import { and, eq, inArray } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createVkAdapter, type VkAdapter } from '../../bots/vk/bot';
import { processedUpdates, type Platform } from '../../db/schema';
import type { App } from '../../src/app';
import { startHttpServer, TELEGRAM_WEBHOOK_PATH, VK_CALLBACK_PATH, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { answersOf } from '../e2e/support/records';
import { startTelegramBot, type TelegramBotUnderTest } from '../e2e/support/telegram';
import { createUpdateTracker, type UpdateTracker } from '../e2e/support/update-tracker';
import { startVkBot, type VkBotUnderTest } from '../e2e/support/vk';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, waitUntil, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk, type RawEvent } from '../support/fake-vk';
import { postJson } from '../support/http';
import { buttonPayload, engineChat, menteeAtRequests } from './support/journey';

const TG_SECRET = 'redelivery-secret';
const VK_SECRET = 'redeliverySecret';
const NEXT_AFTER_REQUESTS = /Чем вы увлекаетесь\?/;
const NEXT_AFTER_INTERESTS = /Что сейчас даётся труднее всего/;

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let nextUserId = 610_000;
let nextUpdateId = 7_000_000;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

/** A new mentee of `platform`, brought to the requests question; returns the payloads a client would send. */
async function menteeReady(platform: Platform): Promise<{ id: number; olympiads: string; done: string }> {
  const id = ++nextUserId;
  const buttons = await menteeAtRequests(engineChat(app.engine, platform).user(id), seeded.menteeCode);
  return { id, olympiads: buttonPayload(buttons, 'Олимпиады и конкурсы'), done: buttonPayload(buttons, 'Готово ✔') };
}

async function expectHandledOnce(platform: Platform, id: number, updateIds: string[]): Promise<void> {
  const answers = await answersOf(database.db, platform, id);
  // Ticked once, not ticked and unticked; the interests answer saved and the questionnaire one step on.
  expect(answers.get('requests')).toEqual({ kind: 'multi', options: ['olympiads'] });
  expect(answers.get('interests')).toEqual({ kind: 'text', text: 'Шахматы' });
  const rows = await database.db
    .select()
    .from(processedUpdates)
    .where(and(eq(processedUpdates.platform, platform), inArray(processedUpdates.updateId, updateIds)));
  expect(rows).toHaveLength(updateIds.length);
}

describe('Telegram webhook redelivery', () => {
  let tg: FakeTelegram;
  let adapter: TelegramAdapter;
  let server: HttpServer;
  let url: string;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    adapter = createTelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      botInfo: tg.botInfo,
      handler: app.engine,
      logger: createLogger('silent'),
      throttle: false,
      mode: 'webhook',
    });
    await adapter.start();
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('silent'),
      ready: () => database.ready(),
      telegram: { secret: TG_SECRET, handleUpdate: adapter.handleWebhookUpdate },
    });
    url = `${server.url}${TELEGRAM_WEBHOOK_PATH}`;
  });

  afterAll(async () => {
    await server?.close();
    await adapter?.stop();
    await tg?.close();
  });

  const from = (id: number) => ({ id, is_bot: false, first_name: 'Тест', language_code: 'ru' });
  const press = (id: number, data: string): Update => ({
    update_id: ++nextUpdateId,
    callback_query: { id: `cb-${nextUpdateId}`, from: from(id), chat_instance: `ci-${id}`, data },
  });
  const text = (id: number, body: string): Update => ({
    update_id: ++nextUpdateId,
    message: { message_id: nextUpdateId, date: Math.floor(Date.now() / 1000), chat: { id, type: 'private', first_name: 'Тест' }, from: from(id), text: body },
  });

  it('handles an update posted again after it was answered, and one posted twice at the same moment, once each', async () => {
    const mentee = await menteeReady('telegram');
    const tick = press(mentee.id, mentee.olympiads);
    const done = press(mentee.id, mentee.done);
    const interests = text(mentee.id, 'Шахматы');

    // One after another: Telegram did not get the first 200 (a timeout on its side) and posts again.
    const statuses = [(await tg.postWebhook(url, tick, TG_SECRET)).status, (await tg.postWebhook(url, tick, TG_SECRET)).status];
    // At the same moment: a redelivery that overlaps the first attempt still being handled.
    const together = await Promise.all([tg.postWebhook(url, done, TG_SECRET), tg.postWebhook(url, done, TG_SECRET)]);
    const again = await Promise.all([tg.postWebhook(url, interests, TG_SECRET), tg.postWebhook(url, interests, TG_SECRET), tg.postWebhook(url, interests, TG_SECRET)]);

    expect([...statuses, ...together.map((r) => r.status), ...again.map((r) => r.status)]).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const texts = tg.sentTo(mentee.id).map((m) => m.text ?? '');
    expect(texts.filter((t) => NEXT_AFTER_REQUESTS.test(t))).toHaveLength(1);
    expect(texts.filter((t) => NEXT_AFTER_INTERESTS.test(t))).toHaveLength(1);
    // The tick (new message: the pressed message is not in this chat's history), the next question, the one after.
    expect(texts).toHaveLength(3);
    await expectHandledOnce('telegram', mentee.id, [tick, done, interests].map((u) => String(u.update_id)));
  });
});

describe('Telegram long polling repeat', () => {
  let tg: FakeTelegram;
  let bot: TelegramBotUnderTest;
  let tracker: UpdateTracker;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    tracker = createUpdateTracker();
    bot = await startTelegramBot(tg, database.url, tracker);
  });

  afterAll(async () => {
    await bot?.shutdown();
    await tg?.close();
  });

  it('handles updates Telegram sends again after a restart, and a copy in the same batch, once each', async () => {
    const mentee = await menteeReady('telegram');
    const user = tg.user(mentee.id, { languageCode: 'ru' });
    const tick = user.press(mentee.olympiads);
    await tracker.waitFor(String(tick));

    // The confirmation of the first delivery was lost (a crash before the next getUpdates): the
    // same updates come again to the next instance, with a new one and a copy of it in one batch.
    await bot.shutdown();
    tg.injectUpdate({
      update_id: tick,
      callback_query: { id: `cb-again-${tick}`, from: { id: mentee.id, is_bot: false, first_name: 'Тест' }, chat_instance: 'x', data: mentee.olympiads },
    });
    const done = user.press(mentee.done);
    tg.injectUpdate({
      update_id: done,
      callback_query: { id: `cb-again-${done}`, from: { id: mentee.id, is_bot: false, first_name: 'Тест' }, chat_instance: 'x', data: mentee.done },
    });
    bot = await startTelegramBot(tg, database.url, tracker);
    await tracker.waitFor(String(tick), 2);
    await tracker.waitFor(String(done), 2);
    const interests = user.sendText('Шахматы');
    await tracker.waitFor(String(interests));

    const texts = tg.sentTo(mentee.id).map((m) => m.text ?? '');
    expect(texts.filter((t) => NEXT_AFTER_REQUESTS.test(t))).toHaveLength(1);
    expect(texts.filter((t) => NEXT_AFTER_INTERESTS.test(t))).toHaveLength(1);
    expect(texts).toHaveLength(3);
    await expectHandledOnce('telegram', mentee.id, [tick, done, interests].map(String));
  });
});

/** A copy of a long-poll event as VK sends it again: the same event_id, or none at all (older API versions). */
function copyOf(vk: FakeVk, event: RawEvent): RawEvent {
  return vk.injectEvent({ type: event.type, object: event.object, event_id: event.event_id, group_id: event.group_id });
}

/** A private message object as VK sends it in message_new. */
function vkMessage(userId: number, text: string, conversationMessageId: number): Record<string, unknown> {
  return {
    message: {
      date: Math.floor(Date.now() / 1000),
      from_id: userId,
      peer_id: userId,
      id: conversationMessageId,
      conversation_message_id: conversationMessageId,
      out: 0,
      text,
      attachments: [],
      fwd_messages: [],
    },
    client_info: { button_actions: ['text', 'callback'], keyboard: true, inline_keyboard: true, lang_id: 0 },
  };
}

describe('VK Bots Long Poll repeat', () => {
  let vk: FakeVk;
  let bot: VkBotUnderTest;
  const tracker = createUpdateTracker();

  beforeAll(async () => {
    vk = await startFakeVk();
    bot = await startVkBot(vk, database.url, tracker);
  });

  afterAll(async () => {
    await bot?.shutdown();
    await vk?.close();
  });

  it('handles a callback press, a text-button press and a message without event_id, each sent twice, once each', async () => {
    const mentee = await menteeReady('vk');
    const user = vk.user(mentee.id, { lang: 'ru' });
    const tick = user.pressCallback({ p: mentee.olympiads });
    copyOf(vk, tick);
    // A client without callback buttons sends a text button's payload as a message.
    const done = user.sendText('Готово ✔', { payload: { p: mentee.done } });
    copyOf(vk, done);
    // An older API version sends no event_id: the message is known by its conversation_message_id.
    const interests = vk.injectEvent({ type: 'message_new', object: vkMessage(mentee.id, 'Шахматы', 9_001), event_id: undefined });
    copyOf(vk, interests);
    const interestsId = `msg:${mentee.id}:9001`;
    await waitUntil(
      () =>
        tracker.count(String(tick.event_id)) === 2 &&
        tracker.count(String(done.event_id)) === 2 &&
        tracker.count(interestsId) === 2 &&
        bot.idle(),
      5000,
      'both copies of every event',
    );

    const texts = vk.sentTo(mentee.id).map((m) => m.text);
    expect(texts.filter((t) => NEXT_AFTER_REQUESTS.test(t))).toHaveLength(1);
    expect(texts.filter((t) => NEXT_AFTER_INTERESTS.test(t))).toHaveLength(1);
    await expectHandledOnceVk(mentee.id);
    // Each callback press (both copies) is answered, so the client never shows an error.
    expect(vk.callsOf('messages.sendMessageEventAnswer').filter((c) => c.params.event_id === tick.object.event_id)).toHaveLength(2);
  });

  async function expectHandledOnceVk(id: number): Promise<void> {
    const answers = await answersOf(database.db, 'vk', id);
    expect(answers.get('requests')).toEqual({ kind: 'multi', options: ['olympiads'] });
    expect(answers.get('interests')).toEqual({ kind: 'text', text: 'Шахматы' });
  }
});

describe('VK Callback API repeat', () => {
  let vk: FakeVk;
  let adapter: VkAdapter;
  let server: HttpServer;
  let url: string;

  beforeAll(async () => {
    vk = await startFakeVk({ firstEventNumber: 1_000_000 });
    adapter = createVkAdapter({
      token: vk.token,
      groupId: vk.groupId,
      apiBaseUrl: vk.apiBaseUrl,
      handler: app.engine,
      logger: createLogger('silent'),
      mode: 'webhook',
    });
    await adapter.start();
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('silent'),
      ready: () => database.ready(),
      vk: { confirmation: 'confirm', secret: VK_SECRET, groupId: vk.groupId, handleUpdate: adapter.handleWebhookUpdate },
    });
    url = `${server.url}${VK_CALLBACK_PATH}`;
  });

  afterAll(async () => {
    await server?.close();
    await adapter?.stop();
    await vk?.close();
  });

  it('answers "ok" to every copy of an event and handles it once, also when the copies overlap', async () => {
    const mentee = await menteeReady('vk');
    const user = vk.user(mentee.id, { lang: 'ru' });
    const post = (event: RawEvent) => postJson(url, { ...event, secret: VK_SECRET });
    const tick = user.pressCallback({ p: mentee.olympiads });
    const done = user.pressCallback({ p: mentee.done });
    const interests = user.sendText('Шахматы');

    const bodies = [(await post(tick)).body, (await post(tick)).body];
    bodies.push(...(await Promise.all([post(done), post(done)])).map((r) => r.body));
    bodies.push(...(await Promise.all([post(interests), post(interests), post(interests)])).map((r) => r.body));

    expect(bodies).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const texts = vk.sentTo(mentee.id).map((m) => m.text);
    expect(texts.filter((t) => NEXT_AFTER_REQUESTS.test(t))).toHaveLength(1);
    expect(texts.filter((t) => NEXT_AFTER_INTERESTS.test(t))).toHaveLength(1);
    await expectHandledOnce('vk', mentee.id, [tick, done, interests].map((e) => String(e.event_id)));
  });
});
