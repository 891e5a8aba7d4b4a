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
    expect(config.telegram).toEqual({ token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', apiRoot: 'http://127.0.0.1:8081' });
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
