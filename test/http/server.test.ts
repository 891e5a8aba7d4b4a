// The HTTP server on its own: routing, secrets, limits, failure answers and shutdown, with stub
// handlers standing in for the adapters (the adapters themselves are in the webhook tests).
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, TELEGRAM_WEBHOOK_PATH, VK_CALLBACK_PATH, type HttpServer, type HttpServerOptions } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { get, postChunked, postJson } from '../support/http';

const TELEGRAM_SECRET = 'tg-secret_123';
const VK_SECRET = 'vkSecret42';
const GROUP_ID = 200_000_001;

let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Recorder {
  telegram: unknown[];
  vk: unknown[];
}

async function serve(overrides: Partial<HttpServerOptions> = {}): Promise<{ url: string; seen: Recorder }> {
  const seen: Recorder = { telegram: [], vk: [] };
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('silent'),
    ready: async () => true,
    telegram: {
      secret: TELEGRAM_SECRET,
      handleUpdate: async (update) => {
        seen.telegram.push(update);
      },
    },
    vk: {
      confirmation: 'a1b2c3d4',
      secret: VK_SECRET,
      groupId: GROUP_ID,
      handleUpdate: async (event) => {
        seen.vk.push(event);
      },
    },
    ...overrides,
  });
  return { url: server.url, seen };
}

const telegramUpdate = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: 'hi' } };
const vkEvent = (fields: Record<string, unknown> = {}) => ({
  type: 'message_new',
  group_id: GROUP_ID,
  event_id: 'e'.repeat(40),
  v: '5.199',
  object: { message: { peer_id: 5, from_id: 5, text: 'hi' } },
  secret: VK_SECRET,
  ...fields,
});
const withSecret = { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };

describe('health probes', () => {
  it('healthz answers 200 while the process is up', async () => {
    const { url } = await serve({ ready: async () => false });

    const answer = await get(`${url}/healthz`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });

  it('readyz answers 200 when the readiness check passes', async () => {
    const { url } = await serve();

    const answer = await get(`${url}/readyz`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ready' });
  });

  it('readyz answers 503 when the readiness check fails, throws or hangs', async () => {
    for (const ready of [async () => false, async () => Promise.reject(new Error('down')), () => new Promise<boolean>(() => undefined)]) {
      const { url } = await serve({ ready, readyTimeoutMs: 100 });

      const answer = await get(`${url}/readyz`);

      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toEqual({ status: 'not ready' });
      await server?.close();
    }
  });
});

describe('routing', () => {
  it('answers 404 for a path it does not serve', async () => {
    const { url } = await serve();

    expect((await get(`${url}/`)).status).toBe(404);
    expect((await postJson(`${url}/telegram/webhook/extra`, telegramUpdate, withSecret)).status).toBe(404);
  });

  it('answers 404 on a webhook path whose messenger is not in webhook mode', async () => {
    const { url, seen } = await serve({ telegram: undefined, vk: undefined });

    expect((await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, withSecret)).status).toBe(404);
    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent())).status).toBe(404);
    expect(seen.telegram).toHaveLength(0);
    expect(seen.vk).toHaveLength(0);
  });

  it('answers 405 to a GET on a webhook path', async () => {
    const { url } = await serve();

    const answer = await get(`${url}${TELEGRAM_WEBHOOK_PATH}`);

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });
});

describe('the Telegram webhook route', () => {
  it('hands an update with the right secret to the adapter and answers 200', async () => {
    const { url, seen } = await serve();

    const answer = await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, withSecret);

    expect(answer.status).toBe(200);
    expect(seen.telegram).toEqual([telegramUpdate]);
  });

  it('refuses a post with a wrong, missing or longer secret with 401 and hands nothing on', async () => {
    const { url, seen } = await serve();

    const attempts: Record<string, string>[] = [
      { 'x-telegram-bot-api-secret-token': 'tg-secret_124' },
      {},
      { 'x-telegram-bot-api-secret-token': `${TELEGRAM_SECRET}x` },
    ];
    for (const headers of attempts) {
      expect((await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, headers)).status).toBe(401);
    }
    expect(seen.telegram).toHaveLength(0);
  });

  it('answers 500 when the update could not be handled, so Telegram delivers it again', async () => {
    const { url } = await serve({
      telegram: { secret: TELEGRAM_SECRET, handleUpdate: async () => Promise.reject(new Error('database gone')) },
    });

    const answer = await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, withSecret);

    expect(answer.status).toBe(500);
  });

  it('answers 500 when handling takes longer than the timeout, and lets the handling finish', async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const { url } = await serve({
      handlerTimeoutMs: 100,
      telegram: {
        secret: TELEGRAM_SECRET,
        handleUpdate: async () => {
          await new Promise<void>((resolve) => (release = resolve));
          finished = true;
        },
      },
    });

    const answer = await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, withSecret);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(answer.status).toBe(500);
    expect(finished).toBe(true);
  });

  it('answers 400 to a body that is not a JSON object', async () => {
    const { url, seen } = await serve();

    expect((await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, '{"update_id":', withSecret)).status).toBe(400);
    expect((await postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, '[1,2]', withSecret)).status).toBe(400);
    expect(seen.telegram).toHaveLength(0);
  });
});

describe('the VK Callback API route', () => {
  it('answers the confirmation request of its own community with the confirmation string', async () => {
    const { url, seen } = await serve();

    const answer = await postJson(`${url}${VK_CALLBACK_PATH}`, { type: 'confirmation', group_id: GROUP_ID });

    expect(answer.status).toBe(200);
    expect(answer.body).toBe('a1b2c3d4');
    expect(seen.vk).toHaveLength(0);
  });

  it('refuses a confirmation request for another community or with a wrong secret', async () => {
    const { url } = await serve();

    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, { type: 'confirmation', group_id: 1 })).status).toBe(403);
    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, { type: 'confirmation', group_id: GROUP_ID, secret: 'nope' })).status).toBe(403);
  });

  it('hands an event with the right secret to the adapter without the secret and answers plain ok', async () => {
    const { url, seen } = await serve();

    const answer = await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent());

    expect(answer.status).toBe(200);
    expect(answer.body).toBe('ok');
    const { secret: _secret, ...withoutSecret } = vkEvent();
    expect(seen.vk).toEqual([withoutSecret]);
  });

  it('refuses an event with a wrong or missing secret, or of another community, with 403 and hands nothing on', async () => {
    const { url, seen } = await serve();

    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent({ secret: 'vkSecret43' }))).status).toBe(403);
    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent({ secret: undefined }))).status).toBe(403);
    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent({ group_id: 1 }))).status).toBe(403);
    expect(seen.vk).toHaveLength(0);
  });

  it('answers 500, not ok, when the event could not be handled, so VK delivers it again', async () => {
    const { url } = await serve({
      vk: { confirmation: 'a1b2c3d4', secret: VK_SECRET, groupId: GROUP_ID, handleUpdate: async () => Promise.reject(new Error('gone')) },
    });

    const answer = await postJson(`${url}${VK_CALLBACK_PATH}`, vkEvent());

    expect(answer.status).toBe(500);
    expect(answer.body).not.toBe('ok');
  });

  it('answers 400 to a body without an event type', async () => {
    const { url, seen } = await serve();

    expect((await postJson(`${url}${VK_CALLBACK_PATH}`, { group_id: GROUP_ID, secret: VK_SECRET })).status).toBe(400);
    expect(seen.vk).toHaveLength(0);
  });
});

describe('body size limit', () => {
  it('answers 413 to a body larger than the limit, declared by its length, and hands nothing on', async () => {
    const { url, seen } = await serve({ bodyLimitBytes: 1024 });
    const big = vkEvent({ object: { padding: 'x'.repeat(2048) } });

    const answer = await postJson(`${url}${VK_CALLBACK_PATH}`, big);

    expect(answer.status).toBe(413);
    expect(seen.vk).toHaveLength(0);
  });

  it('answers 413 to a chunked body that grows past the 1 MiB default while it is read', async () => {
    const { url, seen } = await serve();

    const status = await postChunked(`${url}${TELEGRAM_WEBHOOK_PATH}`, 3 * 1024 * 1024, withSecret);

    expect(status).toBe(413);
    expect(seen.telegram).toHaveLength(0);
  });
});

describe('shutdown', () => {
  it('close waits for an in-flight webhook request to finish, and accepts no connection after', async () => {
    let release: () => void = () => undefined;
    const { url } = await serve({
      telegram: { secret: TELEGRAM_SECRET, handleUpdate: () => new Promise<void>((resolve) => (release = resolve)) },
    });
    const inFlight = postJson(`${url}${TELEGRAM_WEBHOOK_PATH}`, telegramUpdate, withSecret);
    await new Promise((resolve) => setTimeout(resolve, 50));

    let closed = false;
    const closing = server?.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();

    expect((await inFlight).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    await expect(get(`${url}/healthz`)).rejects.toThrow();
  });
});
