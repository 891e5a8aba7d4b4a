// The only reader of the environment: every variable validated by zod, one clear message per problem.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    TELEGRAM_BOT_TOKEN: optionalString.pipe(
      z.string().regex(/^\d+:[\w-]{20,}$/, 'expected a token like 123456:ABC-DEF… from @BotFather').optional(),
    ),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
    VK_TOKEN: optionalString,
    VK_GROUP_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'expected the community id, a positive number').transform(Number).optional()),
    VK_API_BASE_URL: z.url().default('https://api.vk.com/method'),
    /** Only used to print invite links (t.me/<bot>?start=CODE, vk.me/<community>?ref=CODE). */
    TELEGRAM_BOT_USERNAME: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_]{3,64}$/, 'a bot username without @').optional()),
    VK_COMMUNITY: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_.]{2,64}$/, 'the community short name or club<id>').optional()),
    /** Force the terminal chat even when messenger tokens are set. */
    TERMINAL_CHAT: z
      .enum(['true', 'false', '1', '0', ''])
      .default('')
      .transform((v) => v === 'true' || v === '1'),
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  logLevel: Env['LOG_LEVEL'];
  database: { url: string | undefined; dataDir: string; poolSize: number };
  telegram: { token: string; apiRoot: string } | undefined;
  vk: { token: string; groupId: number; apiBaseUrl: string } | undefined;
  terminalChat: boolean;
  links: { telegramBotUsername: string | undefined; vkCommunity: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Builds the configuration from an environment (process.env in main, a literal in tests). */
export function createConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
  // Checks across variables, reported together with the per-variable ones.
  if (env.VK_TOKEN?.trim() && !env.VK_GROUP_ID?.trim()) problems.push('VK_GROUP_ID: required when VK_TOKEN is set');
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, poolSize: e.DATABASE_POOL_SIZE },
    telegram: e.TELEGRAM_BOT_TOKEN ? { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT } : undefined,
    vk:
      e.VK_TOKEN && e.VK_GROUP_ID
        ? { token: e.VK_TOKEN, groupId: e.VK_GROUP_ID, apiBaseUrl: e.VK_API_BASE_URL }
        : undefined,
    terminalChat: e.TERMINAL_CHAT || (!e.TELEGRAM_BOT_TOKEN && !e.VK_TOKEN),
    links: { telegramBotUsername: e.TELEGRAM_BOT_USERNAME, vkCommunity: e.VK_COMMUNITY },
  };
}
