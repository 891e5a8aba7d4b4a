// `npm start` with both messengers on webhooks: one HTTP server for Telegram, VK and the probes, no
// polling, and a SIGTERM that closes the server before the adapters and the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk } from '../support/fake-vk';
import { get, postJson } from '../support/http';
import { repoRoot, startArgs } from '../support/start-command';

const TELEGRAM_SECRET = 'main-test-secret';
const VK_SECRET = 'mainTestVkSecret';
const CONFIRMATION = 'e2e0c0de';
/** Appears in the updates; must never appear in the logs. */
const PRIVATE_NAME = 'Конфиденциальная Фамилия';

let database: TestDatabase;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let vk: FakeVk;
let child: ChildProcess;
let output = '';
let baseUrl = '';

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The `msg` of every JSON log line, in order. */
const logMessages = (): string[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  tg = await startFakeTelegram();
  vk = await startFakeVk();
  child = spawn(process.execPath, startArgs(), {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      VK_TOKEN: vk.token,
      VK_GROUP_ID: String(vk.groupId),
      VK_API_BASE_URL: vk.apiBaseUrl,
      VK_CONFIRMATION: CONFIRMATION,
      VK_SECRET: VK_SECRET,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => logMessages().includes('telegram webhook mode started'), 'the bot to start');
  const listening = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; port?: number })
    .find((entry) => entry.msg === 'http server listening');
  baseUrl = `http://127.0.0.1:${listening?.port ?? 0}`;
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await tg?.close();
  await vk?.close();
  await database?.drop();
});

describe('npm start with Telegram and VK on webhooks', () => {
  it('registers the Telegram webhook and polls neither messenger', () => {
    expect(tg.calls.find((c) => c.method === 'setWebhook')?.params).toMatchObject({
      url: 'https://bot.example.org/telegram/webhook',
      secret_token: TELEGRAM_SECRET,
    });
    expect(tg.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    expect(vk.longPollRequests).toBe(0);
    expect(vk.callsOf('groups.getLongPollServer')).toHaveLength(0);
  });

  it('answers the health and readiness probes', async () => {
    expect((await get(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await get(`${baseUrl}/readyz`)).status).toBe(200);
  });

  it('handles a Telegram update and a VK message posted to it, and logs neither person\'s name nor text', async () => {
    const telegram = await tg.postWebhook(
      `${baseUrl}/telegram/webhook`,
      {
        update_id: 9001,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 777, type: 'private', first_name: PRIVATE_NAME },
          from: { id: 777, is_bot: false, first_name: PRIVATE_NAME },
          text: `/start ${seeded.menteeCode}`,
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      },
      TELEGRAM_SECRET,
    );
    const confirmation = await postJson(`${baseUrl}/vk/callback`, { type: 'confirmation', group_id: vk.groupId });
    const event = vk.user(778, { firstName: PRIVATE_NAME }).sendText(`/start ${seeded.mentorCode}`);
    const callback = await postJson(`${baseUrl}/vk/callback`, { ...event, secret: VK_SECRET });

    expect(telegram.status).toBe(200);
    expect(tg.sentTo(777)[0]?.text).toMatch(/Ваша роль — наставляемый/);
    expect(confirmation.body).toBe(CONFIRMATION);
    expect(callback.body).toBe('ok');
    expect(vk.sentTo(778)[0]?.text).toMatch(/Ваша роль — наставник/);
    expect(output).not.toContain(PRIVATE_NAME);
    expect(output).not.toContain(seeded.menteeCode);
  });

  it('on SIGTERM closes the HTTP server first, then the adapters, and exits 0', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(0);
    const messages = logMessages();
    const order = ['shutting down', 'http server closed', 'telegram webhook mode stopped'].map((m) => messages.indexOf(m));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
