// Telegram in webhook mode, whole: updates posted to the HTTP server as Telegram posts them, the real
// grammY adapter and engine on real PostgreSQL, replies going out to the fake Bot API.
import { eq } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { identities, processedUpdates } from '../../db/schema';
import type { App } from '../../src/app';
import { startHttpServer, TELEGRAM_WEBHOOK_PATH, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';

const SECRET = 'webhook-Secret_0123456789';
const PUBLIC_URL = 'https://bot.example.org/telegram/webhook';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let adapter: TelegramAdapter;
let server: HttpServer;
let webhookUrl: string;
let nextUserId = 81_000;
let nextUpdateId = 5_000;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
  tg = await startFakeTelegram();
  adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    handler: app.engine,
    logger: createLogger('silent'),
    throttle: false,
    mode: 'webhook',
    setWebhook: { url: PUBLIC_URL, secretToken: SECRET },
  });
  await adapter.start();
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('silent'),
    ready: () => database.ready(),
    telegram: { secret: SECRET, handleUpdate: adapter.handleWebhookUpdate },
  });
  webhookUrl = `${server.url}${TELEGRAM_WEBHOOK_PATH}`;
});

afterAll(async () => {
  await server?.close();
  await adapter?.stop();
  await tg?.close();
  await database?.drop();
});

/** A private message as Telegram posts it; a leading /command gets its entity. */
function messageUpdate(userId: number, text: string): Update {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    update_id: ++nextUpdateId,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Test' },
      from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'ru' },
      text,
      ...(command === undefined ? {} : { entities: [{ type: 'bot_command' as const, offset: 0, length: command.length }] }),
    },
  };
}

const processed = async (updateId: number) =>
  database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, String(updateId)));
const identityOf = async (userId: number) =>
  database.db.select().from(identities).where(eq(identities.externalId, String(userId)));

describe('Telegram over the webhook', () => {
  it('registers the webhook with its secret and the update kinds the bot reads when the adapter starts', () => {
    const call = tg.calls.find((c) => c.method === 'setWebhook');

    expect(call?.params).toMatchObject({ url: PUBLIC_URL, secret_token: SECRET, allowed_updates: ['message', 'callback_query'] });
    expect(tg.calls.some((c) => c.method === 'deleteWebhook' || c.method === 'getUpdates')).toBe(false);
  });

  it('handles an update posted with the right secret: 200, the reply sent through the Bot API, the update recorded', async () => {
    const userId = ++nextUserId;
    const update = messageUpdate(userId, `/start ${seeded.menteeCode}`);

    const response = await tg.postWebhook(webhookUrl, update, SECRET);

    expect(response.status).toBe(200);
    const sent = tg.sentTo(userId).map((m) => m.text);
    expect(sent[0]).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставляемый.');
    expect(await processed(update.update_id)).toHaveLength(1);
  });

  it('refuses a post with a wrong secret with 401: nothing stored, nothing sent', async () => {
    const userId = ++nextUserId;
    const update = messageUpdate(userId, `/start ${seeded.menteeCode}`);

    const response = await tg.postWebhook(webhookUrl, update, 'webhook-Secret_0123456780');

    expect(response.status).toBe(401);
    expect(await processed(update.update_id)).toHaveLength(0);
    expect(await identityOf(userId)).toHaveLength(0);
    expect(tg.sentTo(userId)).toHaveLength(0);
  });

  it('refuses a post without the secret header with 401: nothing stored, nothing sent', async () => {
    const userId = ++nextUserId;
    const update = messageUpdate(userId, `/start ${seeded.menteeCode}`);

    const response = await tg.postWebhook(webhookUrl, update);

    expect(response.status).toBe(401);
    expect(await processed(update.update_id)).toHaveLength(0);
    expect(await identityOf(userId)).toHaveLength(0);
    expect(tg.sentTo(userId)).toHaveLength(0);
  });

  it('answers 200 to a redelivered update and replies to it only once', async () => {
    const userId = ++nextUserId;
    const update = messageUpdate(userId, `/start ${seeded.mentorCode}`);

    const first = await tg.postWebhook(webhookUrl, update, SECRET);
    const repliesAfterFirst = tg.sentTo(userId).length;
    const again = await tg.postWebhook(webhookUrl, update, SECRET);

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(repliesAfterFirst).toBeGreaterThan(0);
    expect(tg.sentTo(userId)).toHaveLength(repliesAfterFirst);
  });

  it('answers 500 to a body with the right secret that is not a Telegram update, so nothing is lost silently', async () => {
    const response = await tg.postWebhook(webhookUrl, { message: { text: 'no update id' } } as unknown as Update, SECRET);

    expect(response.status).toBe(500);
  });
});

describe('Telegram over the webhook when handling fails', () => {
  it('answers 500 when the handler keeps failing past the timeout, so Telegram delivers the update again', async () => {
    const failing = createTelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      botInfo: tg.botInfo,
      handler: { handle: async () => Promise.reject(new Error('database unavailable')) },
      logger: createLogger('silent'),
      throttle: false,
      mode: 'webhook',
      handlerRetry: { initialDelayMs: 20, maxDelayMs: 20 },
      stopGraceMs: 50,
    });
    await failing.start();
    const failingServer = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('silent'),
      ready: async () => true,
      handlerTimeoutMs: 200,
      telegram: { secret: SECRET, handleUpdate: failing.handleWebhookUpdate },
    });
    const userId = ++nextUserId;
    try {
      const response = await tg.postWebhook(`${failingServer.url}${TELEGRAM_WEBHOOK_PATH}`, messageUpdate(userId, 'hello'), SECRET);

      expect(response.status).toBe(500);
      expect(tg.sentTo(userId)).toHaveLength(0);
    } finally {
      await failingServer.close();
      await failing.stop();
    }
  });

  it('refuses updates before the adapter has started, so none is taken before the bot is ready', async () => {
    const idle = createTelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      botInfo: tg.botInfo,
      handler: app.engine,
      logger: createLogger('silent'),
      throttle: false,
      mode: 'webhook',
    });

    await expect(idle.handleWebhookUpdate(messageUpdate(++nextUserId, 'hello'))).rejects.toThrow(/not serving a webhook/);
  });
});
