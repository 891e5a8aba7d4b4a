// The same adapter bot behind grammY's webhook callback, fed by the fake server's webhook helper.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback } from 'grammy';
import { afterEach, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../../bots/telegram/bot';
import type { InboundUpdate } from '../../../flows/events';
import { createLogger } from '../../../src/logger';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram';

let fake: FakeTelegram | undefined;
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await fake?.close();
  server = undefined;
  fake = undefined;
});

async function serveWebhook(tg: FakeTelegram, seen: InboundUpdate[]): Promise<string> {
  const adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    logger: createLogger('silent'),
    throttle: false,
    handler: {
      async handle(update) {
        seen.push(update);
        return { duplicate: false, replies: [{ text: 'webhook reply' }], deliveries: [] };
      },
    },
  });
  server = createServer(webhookCallback(adapter.bot, 'http', { secretToken: 'hook-secret' }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const textUpdate = (updateId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1_700_000_000,
    chat: { id: 501, type: 'private' as const, first_name: 'Alice' },
    from: { id: 501, is_bot: false, first_name: 'Alice' },
    text,
  },
});

it('handles an update posted to the webhook with the right secret and replies through the Bot API', async () => {
  fake = await startFakeTelegram();
  const seen: InboundUpdate[] = [];
  const url = await serveWebhook(fake, seen);

  const response = await fake.postWebhook(url, textUpdate(77, 'hi'), 'hook-secret');

  expect(response.status).toBe(200);
  expect(seen.map((u) => [u.updateId, u.event])).toEqual([['77', { kind: 'text', text: 'hi' }]]);
  expect(fake.sentTo(501).map((m) => m.text)).toEqual(['webhook reply']);
});

it('refuses a webhook post without the secret token', async () => {
  fake = await startFakeTelegram();
  const seen: InboundUpdate[] = [];
  const url = await serveWebhook(fake, seen);

  const response = await fake.postWebhook(url, textUpdate(78, 'hi'));

  expect(response.status).toBe(401);
  expect(seen).toHaveLength(0);
});
