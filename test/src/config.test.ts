import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../../src/config';

describe('configuration', () => {
  it('runs the terminal chat on the embedded database when nothing is set', () => {
    const config = createConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.terminalChat).toBe(true);
    expect(config.telegram).toBeUndefined();
  });
  it('uses PostgreSQL and Telegram when their variables are set', () => {
    const config = createConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.telegram).toEqual({
      token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      apiRoot: 'http://127.0.0.1:8081',
      mode: { kind: 'polling' },
      throttle: true,
    });
    expect(config.terminalChat).toBe(false);
  });
  it('names every bad variable in one error', () => {
    try {
      createConfig({ DATABASE_URL: 'mysql://x', TELEGRAM_BOT_TOKEN: 'nonsense', VK_TOKEN: 'abc', DATABASE_POOL_SIZE: 'many' });
      expect.unreachable('config should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('TELEGRAM_BOT_TOKEN');
      expect(message).toContain('VK_GROUP_ID');
      expect(message).toContain('DATABASE_POOL_SIZE');
    }
  });
});

const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The ConfigError message for an environment that must be refused. */
function refusal(env: Record<string, string>): string {
  try {
    createConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return expect.unreachable('config should be refused');
}

describe('webhooks and the HTTP server', () => {
  it('runs no HTTP server with long polling and HTTP_PORT unset', () => {
    const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, VK_TOKEN: 'vk1.a.token', VK_GROUP_ID: '42' });

    expect(config.http).toBeUndefined();
    expect(config.telegram?.mode).toEqual({ kind: 'polling' });
    expect(config.vk?.mode).toEqual({ kind: 'longpoll' });
  });

  it('runs the HTTP server for health checks on the given port when HTTP_PORT is set', () => {
    const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, HTTP_PORT: '9000', HTTP_HOST: '127.0.0.1' });

    expect(config.http).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.telegram?.mode).toEqual({ kind: 'polling' });
  });

  it('puts Telegram on the webhook with its secret and registers it by default, on 0.0.0.0:8080', () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123',
    });

    expect(config.telegram?.mode).toEqual({
      kind: 'webhook',
      url: 'https://bot.example.org/telegram/webhook',
      secret: 'abc_DEF-123',
      setWebhook: true,
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
  });

  it('leaves the webhook registration alone when TELEGRAM_SET_WEBHOOK is false', () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'abc',
      TELEGRAM_SET_WEBHOOK: 'false',
    });

    expect(config.telegram?.mode).toMatchObject({ kind: 'webhook', setWebhook: false });
  });

  it('refuses a webhook URL without a secret, naming TELEGRAM_WEBHOOK_SECRET', () => {
    const message = refusal({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook' });

    expect(message).toContain('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  });

  it('refuses a secret Telegram would not accept, naming the allowed characters', () => {
    const tooLong = 'a'.repeat(257);
    for (const secret of ['has space', 'ключ', tooLong]) {
      const message = refusal({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_SECRET: secret });

      expect(message).toMatch(/TELEGRAM_WEBHOOK_SECRET: expected 1–256 characters of A-Z, a-z, 0-9, _ and -/);
    }
  });

  it('refuses a plain-http webhook URL for Telegram\'s own servers but takes it for a self-hosted Bot API server', () => {
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'http://10.0.0.5:8080/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: 'abc' };

    expect(refusal(env)).toContain('TELEGRAM_WEBHOOK_URL: Telegram posts only to https:// addresses');
    expect(createConfig({ ...env, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' }).telegram?.mode).toMatchObject({ kind: 'webhook' });
  });

  it('refuses webhook settings without the messenger token or without their other half', () => {
    expect(refusal({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_SECRET: 'abc' })).toContain(
      'TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too',
    );
    expect(refusal({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'abc' })).toContain(
      'TELEGRAM_WEBHOOK_SECRET: used only with TELEGRAM_WEBHOOK_URL',
    );
    expect(refusal({ VK_TOKEN: 'vk1.a.token', VK_GROUP_ID: '42', VK_SECRET: 's3cret' })).toContain('VK_SECRET: used only with VK_CONFIRMATION');
    expect(refusal({ VK_CONFIRMATION: 'a1b2c3', VK_SECRET: 's3cret' })).toContain('VK_CONFIRMATION: set VK_TOKEN too');
  });

  it('puts VK on the Callback API when the confirmation string and secret are set', () => {
    const config = createConfig({ VK_TOKEN: 'vk1.a.token', VK_GROUP_ID: '42', VK_CONFIRMATION: 'a1b2c3', VK_SECRET: 's3cret' });

    expect(config.vk?.mode).toEqual({ kind: 'callback', confirmation: 'a1b2c3', secret: 's3cret' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
  });

  it('refuses a VK confirmation string without a secret, naming VK_SECRET', () => {
    const message = refusal({ VK_TOKEN: 'vk1.a.token', VK_GROUP_ID: '42', VK_CONFIRMATION: 'a1b2c3' });

    expect(message).toContain('VK_SECRET: required when VK_CONFIRMATION is set');
  });

  it('refuses a port that is not a port and a flag that is not true or false', () => {
    for (const port of ['http', '-1', '65536', '8080.5']) {
      expect(refusal({ HTTP_PORT: port })).toContain('HTTP_PORT: expected a port number, 0–65535');
    }
    expect(refusal({ TELEGRAM_SET_WEBHOOK: 'yes' })).toContain('TELEGRAM_SET_WEBHOOK');
  });
});
