// The only reader of the environment: every variable validated by zod, one clear message per problem.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Telegram's own server posts only to https; a self-hosted Bot API server also to http. */
const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';
const DEFAULT_HTTP_PORT = 8080;

const booleanFlag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .default(fallback)
    .transform((v) => (v === '' ? fallback === 'true' : v === 'true' || v === '1'));

const envSchema = z
  .object({
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    TELEGRAM_BOT_TOKEN: optionalString.pipe(
      z.string().regex(/^\d+:[\w-]{20,}$/, 'expected a token like 123456:ABC-DEF… from @BotFather').optional(),
    ),
    TELEGRAM_API_ROOT: z.url().default(DEFAULT_TELEGRAM_API_ROOT),
    /** Queue outgoing Bot API calls under Telegram's limits (per instance); off only for a server without them (tests). */
    TELEGRAM_THROTTLE: booleanFlag('true'),
    VK_TOKEN: optionalString,
    VK_GROUP_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'expected the community id, a positive number').transform(Number).optional()),
    VK_API_BASE_URL: z.url().default('https://api.vk.com/method'),
    /** Only used to print invite links (t.me/<bot>?start=CODE, vk.me/<community>?ref=CODE). */
    TELEGRAM_BOT_USERNAME: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_]{3,64}$/, 'a bot username without @').optional()),
    VK_COMMUNITY: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_.]{2,64}$/, 'the community short name or club<id>').optional()),
    /** Force the terminal chat even when messenger tokens are set. */
    TERMINAL_CHAT: booleanFlag('false'),
    /** The HTTP server (webhooks, /healthz, /readyz); it starts when a webhook is configured or this is set. */
    HTTP_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'expected a port number, 0–65535')
        .transform(Number)
        .refine((port) => port <= 65_535, 'expected a port number, 0–65535')
        .optional(),
    ),
    HTTP_HOST: optionalString.pipe(z.string().optional()).transform((v) => v ?? '0.0.0.0'),
    /** Public address Telegram posts updates to; set, Telegram runs on webhooks instead of long polling. */
    TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
    /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token; its rules are the Bot API's. */
    TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1–256 characters of A-Z, a-z, 0-9, _ and -').optional(),
    ),
    /** Register the webhook with Telegram at start (off when it is managed by hand or by a deploy step). */
    TELEGRAM_SET_WEBHOOK: booleanFlag('true'),
    /** The string VK's confirmation request must get back (community settings → Callback API); set, VK runs on the Callback API. */
    VK_CONFIRMATION: optionalString.pipe(z.string().regex(/^\S{1,100}$/, 'expected the confirmation string, no spaces').optional()),
    /** The Callback API secret key; every event carries it. */
    VK_SECRET: optionalString.pipe(z.string().regex(/^\S{1,100}$/, 'expected the secret key, no spaces').optional()),
    /** Days after a programme's end date before its personal data is removed (src/ops/retention.ts). */
    RETENTION_DAYS: z.coerce.number().int('expected a whole number of days').min(0).max(99_999).default(365),
    /** The scheduler (due jobs, the outbox) in this instance: on everywhere by default; off on an instance that should only answer. */
    SCHEDULER: z.enum(['on', 'off', 'true', 'false', '1', '0', '']).default('on').transform((v) => !['off', 'false', '0'].includes(v)),
    /** Scheduled messages per second to Telegram, all instances together (Telegram allows about 30 per bot, replies included). */
    OUTBOX_TELEGRAM_RATE: z.coerce.number().positive('expected messages per second above 0').max(1000).default(25),
    /** Scheduled messages per second to VK, all instances together (a community token allows 20 API calls per second). */
    OUTBOX_VK_RATE: z.coerce.number().positive('expected messages per second above 0').max(1000).default(15),
  });

export type Env = z.infer<typeof envSchema>;

export type TelegramMode =
  | { kind: 'polling' }
  | { kind: 'webhook'; url: string; secret: string; setWebhook: boolean };

export type VkMode = { kind: 'longpoll' } | { kind: 'callback'; confirmation: string; secret: string };

export interface Config {
  logLevel: Env['LOG_LEVEL'];
  database: { url: string | undefined; dataDir: string; poolSize: number };
  telegram: { token: string; apiRoot: string; mode: TelegramMode; throttle: boolean } | undefined;
  vk: { token: string; groupId: number; apiBaseUrl: string; mode: VkMode } | undefined;
  /** The HTTP server; undefined when nothing needs it (no webhook, HTTP_PORT unset). */
  http: { host: string; port: number } | undefined;
  terminalChat: boolean;
  retention: { days: number };
  /** Whether this instance runs the scheduler, and the outbox's shared send rates (messages per second). */
  scheduler: { enabled: boolean; rates: { telegram: number; vk: number } };
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
  problems.push(...crossVariableProblems(env));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const telegramMode: TelegramMode =
    e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
      ? { kind: 'webhook', url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET, setWebhook: e.TELEGRAM_SET_WEBHOOK }
      : { kind: 'polling' };
  const vkMode: VkMode =
    e.VK_CONFIRMATION && e.VK_SECRET ? { kind: 'callback', confirmation: e.VK_CONFIRMATION, secret: e.VK_SECRET } : { kind: 'longpoll' };
  const telegram = e.TELEGRAM_BOT_TOKEN
    ? { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT, mode: telegramMode, throttle: e.TELEGRAM_THROTTLE }
    : undefined;
  const vk =
    e.VK_TOKEN && e.VK_GROUP_ID ? { token: e.VK_TOKEN, groupId: e.VK_GROUP_ID, apiBaseUrl: e.VK_API_BASE_URL, mode: vkMode } : undefined;
  const needsHttp = telegram?.mode.kind === 'webhook' || vk?.mode.kind === 'callback' || e.HTTP_PORT !== undefined;
  return {
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, poolSize: e.DATABASE_POOL_SIZE },
    telegram,
    vk,
    http: needsHttp ? { host: e.HTTP_HOST, port: e.HTTP_PORT ?? DEFAULT_HTTP_PORT } : undefined,
    terminalChat: e.TERMINAL_CHAT || (!e.TELEGRAM_BOT_TOKEN && !e.VK_TOKEN),
    retention: { days: e.RETENTION_DAYS },
    scheduler: { enabled: e.SCHEDULER, rates: { telegram: e.OUTBOX_TELEGRAM_RATE, vk: e.OUTBOX_VK_RATE } },
    links: { telegramBotUsername: e.TELEGRAM_BOT_USERNAME, vkCommunity: e.VK_COMMUNITY },
  };
}

/** Variables that only make sense together; read raw, so they are reported even when others are bad. */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string): boolean => Boolean(env[name]?.trim());
  const problems: string[] = [];
  if (set('VK_TOKEN') && !set('VK_GROUP_ID')) problems.push('VK_GROUP_ID: required when VK_TOKEN is set');
  if (set('TELEGRAM_WEBHOOK_URL')) {
    if (!set('TELEGRAM_BOT_TOKEN')) problems.push('TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too, or unset the webhook URL');
    if (!set('TELEGRAM_WEBHOOK_SECRET')) {
      problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set (Telegram sends it with every update, the bot refuses posts without it)');
    }
    const apiRoot = env.TELEGRAM_API_ROOT?.trim() || DEFAULT_TELEGRAM_API_ROOT;
    const officialApi = URL.canParse(apiRoot) && new URL(apiRoot).hostname === new URL(DEFAULT_TELEGRAM_API_ROOT).hostname;
    const url = env.TELEGRAM_WEBHOOK_URL?.trim() ?? '';
    if (officialApi && URL.canParse(url) && new URL(url).protocol !== 'https:') {
      problems.push('TELEGRAM_WEBHOOK_URL: Telegram posts only to https:// addresses');
    }
  } else if (set('TELEGRAM_WEBHOOK_SECRET')) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: used only with TELEGRAM_WEBHOOK_URL; set the URL too, or unset the secret');
  }
  if (set('VK_CONFIRMATION')) {
    if (!set('VK_TOKEN')) problems.push('VK_CONFIRMATION: set VK_TOKEN too, or unset the confirmation string');
    if (!set('VK_SECRET')) problems.push('VK_SECRET: required when VK_CONFIRMATION is set (the Callback API secret key from the community settings)');
  } else if (set('VK_SECRET')) {
    problems.push('VK_SECRET: used only with VK_CONFIRMATION (the Callback API); set the confirmation string too, or unset the secret');
  }
  return problems;
}
