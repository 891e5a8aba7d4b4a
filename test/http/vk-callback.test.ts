// VK on the Callback API, whole: events posted to the HTTP server as VK posts them, the real vk-io
// adapter in webhook mode and the engine on real PostgreSQL, replies going out to the fake VK API.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVkAdapter, type VkAdapter } from '../../bots/vk/bot';
import { identities, processedUpdates } from '../../db/schema';
import type { App } from '../../src/app';
import { startHttpServer, VK_CALLBACK_PATH, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeVk, type FakeVk, type RawEvent } from '../support/fake-vk';
import { postJson } from '../support/http';

const CONFIRMATION = 'c0nf1rm8';
const SECRET = 'callbackSecret2026';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let vk: FakeVk;
let adapter: VkAdapter;
let server: HttpServer;
let callbackUrl: string;
let nextUserId = 91_000;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
  vk = await startFakeVk();
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
    vk: { confirmation: CONFIRMATION, secret: SECRET, groupId: vk.groupId, handleUpdate: adapter.handleWebhookUpdate },
  });
  callbackUrl = `${server.url}${VK_CALLBACK_PATH}`;
});

afterAll(async () => {
  await server?.close();
  await adapter?.stop();
  await vk?.close();
  await database?.drop();
});

/** A message as VK's Callback API posts it: the long-poll event plus the secret. */
function startMessage(userId: number, code: string, secret: string | null = SECRET): { event: RawEvent; body: Record<string, unknown> } {
  const event = vk.user(userId).sendText(`/start ${code}`);
  return { event, body: secret === null ? { ...event } : { ...event, secret } };
}

const processed = async (eventId: string | undefined) =>
  database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, String(eventId)));
const identityOf = async (userId: number) =>
  database.db.select().from(identities).where(eq(identities.externalId, String(userId)));

describe('VK over the Callback API', () => {
  it('answers the confirmation request with the confirmation string', async () => {
    const response = await postJson(callbackUrl, { type: 'confirmation', group_id: vk.groupId, secret: SECRET });

    expect(response.status).toBe(200);
    expect(response.body).toBe(CONFIRMATION);
  });

  it('handles a message with the right secret: plain "ok", the reply sent through the VK API', async () => {
    const userId = ++nextUserId;
    const { body } = startMessage(userId, seeded.menteeCode);

    const response = await postJson(callbackUrl, body);

    expect(response.status).toBe(200);
    expect(response.body).toBe('ok');
    expect(vk.sentTo(userId)[0]?.text).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставляемый.');
    expect(await identityOf(userId)).toHaveLength(1);
  });

  it('refuses an event with a wrong secret with 403: nothing stored, nothing sent', async () => {
    const userId = ++nextUserId;
    const { event, body } = startMessage(userId, seeded.menteeCode, 'callbackSecret2027');

    const response = await postJson(callbackUrl, body);

    expect(response.status).toBe(403);
    expect(response.body).not.toBe('ok');
    expect(await processed(event.event_id)).toHaveLength(0);
    expect(await identityOf(userId)).toHaveLength(0);
    expect(vk.sentTo(userId)).toHaveLength(0);
  });

  it('refuses an event without a secret with 403: nothing stored, nothing sent', async () => {
    const userId = ++nextUserId;
    const { event, body } = startMessage(userId, seeded.menteeCode, null);

    const response = await postJson(callbackUrl, body);

    expect(response.status).toBe(403);
    expect(await processed(event.event_id)).toHaveLength(0);
    expect(await identityOf(userId)).toHaveLength(0);
    expect(vk.sentTo(userId)).toHaveLength(0);
  });

  it('answers "ok" to an event the bot does not act on, and sends nothing', async () => {
    const userId = ++nextUserId;
    const event = vk.injectEvent({ type: 'message_typing_state', object: { state: 'typing', from_id: userId, to_id: -vk.groupId } });

    const response = await postJson(callbackUrl, { ...event, secret: SECRET });

    expect(response.status).toBe(200);
    expect(response.body).toBe('ok');
    expect(vk.sentTo(userId)).toHaveLength(0);
  });

  it('answers "ok" to a redelivered event and replies to it only once', async () => {
    const userId = ++nextUserId;
    const { body } = startMessage(userId, seeded.mentorCode);

    const first = await postJson(callbackUrl, body);
    const repliesAfterFirst = vk.sentTo(userId).length;
    const again = await postJson(callbackUrl, body);

    expect([first.body, again.body]).toEqual(['ok', 'ok']);
    expect(repliesAfterFirst).toBeGreaterThan(0);
    expect(vk.sentTo(userId)).toHaveLength(repliesAfterFirst);
  });
});

describe('VK over the Callback API when handling fails', () => {
  it('answers 500, not "ok", when the handler keeps failing past the timeout, so VK delivers the event again', async () => {
    const failing = createVkAdapter({
      token: vk.token,
      groupId: vk.groupId,
      apiBaseUrl: vk.apiBaseUrl,
      handler: { handle: async () => Promise.reject(new Error('database unavailable')) },
      logger: createLogger('silent'),
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
      vk: { confirmation: CONFIRMATION, secret: SECRET, groupId: vk.groupId, handleUpdate: failing.handleWebhookUpdate },
    });
    const userId = ++nextUserId;
    try {
      const { body } = startMessage(userId, seeded.menteeCode);

      const response = await postJson(`${failingServer.url}${VK_CALLBACK_PATH}`, body);

      expect(response.status).toBe(500);
      expect(response.body).not.toBe('ok');
      expect(vk.sentTo(userId)).toHaveLength(0);
    } finally {
      await failingServer.close();
      await failing.stop();
    }
  });
});
