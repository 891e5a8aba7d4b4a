// Starts Nastavnik: config, logger, database, engine, then the messenger adapters that have tokens
// (or the terminal chat when none has), the HTTP server for webhooks and health checks when it is
// configured, and one graceful shutdown for all of them.
import { pino } from 'pino';
import { createDeliveryRouter } from '../bots/delivery-router';
import { createTelegramAdapter } from '../bots/telegram/bot';
import { createTerminalChat, renderTerminalMessage } from '../bots/terminal/chat';
import { createVkAdapter } from '../bots/vk/bot';
import { markIdentityUnreachable } from '../db/queries/people';
import type { Platform } from '../db/schema';
import { createApp } from './app';
import { ConfigError, createConfig } from './config';
import { startHttpServer, type HttpServer } from './http/server';
import type { OutboxSender } from './jobs/outbox';
import { createSharedSendLimiter } from './jobs/rate-limit';
import { startScheduler } from './jobs/scheduler';
import { scheduleRetention } from './ops/retention-job';
import { scheduleTermEnd } from './reports/term-end-job';
import { createLogger } from './logger';
import { ensureDemoProgramme } from './programmes/demo';

async function main(): Promise<void> {
  let config;
  try {
    config = createConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // In the terminal chat the screen is the chat: logs go to stderr, warnings and worse only.
  const terminal = config.terminalChat;
  const logger = terminal
    ? createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, pino.destination(2))
    : createLogger(config.logLevel);
  const app = await createApp(config, logger);

  // A messenger that refuses delivery (the person blocked the bot) marks the identity: nothing more
  // is sent there until the person writes again.
  const markUnreachable = (platform: Platform, chatId: string) => markIdentityUnreachable(app.database.db, platform, chatId, new Date());
  const router = createDeliveryRouter(logger, undefined, markUnreachable);
  const stoppers: (() => Promise<void> | void)[] = [];
  const telegramWebhook = config.telegram?.mode.kind === 'webhook' ? config.telegram.mode : undefined;
  const vkCallback = config.vk?.mode.kind === 'callback' ? { ...config.vk.mode, groupId: config.vk.groupId } : undefined;
  const telegram = config.telegram
    ? createTelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        throttle: config.telegram.throttle,
        handler: app.engine,
        logger,
        deliver: router.deliver,
        onUnreachable: (chatId) => markUnreachable('telegram', chatId),
        mode: telegramWebhook ? 'webhook' : 'polling',
        setWebhook: telegramWebhook?.setWebhook ? { url: telegramWebhook.url, secretToken: telegramWebhook.secret } : undefined,
      })
    : undefined;
  const vk = config.vk
    ? createVkAdapter({
        token: config.vk.token,
        groupId: config.vk.groupId,
        apiBaseUrl: config.vk.apiBaseUrl,
        handler: app.engine,
        logger,
        deliver: router.deliver,
        onUnreachable: (chatId) => markUnreachable('vk', chatId),
        mode: vkCallback ? 'webhook' : 'longpoll',
      })
    : undefined;

  // Listening before the adapters start, so the first posts after setWebhook find the server.
  let http: HttpServer | undefined;
  if (config.http) {
    app.metrics.collectProcessMetrics();
    http = await startHttpServer({
      ...config.http,
      logger,
      ready: () => app.database.ready(),
      metrics: app.metrics,
      telegram: telegram && telegramWebhook ? { secret: telegramWebhook.secret, handleUpdate: telegram.handleWebhookUpdate } : undefined,
      vk: vk && vkCallback ? { ...vkCallback, handleUpdate: vk.handleWebhookUpdate } : undefined,
    });
  }
  for (const adapter of [telegram, vk]) {
    if (adapter === undefined) continue;
    router.register(adapter.sender);
    await adapter.start();
    stoppers.push(() => adapter.stop());
  }

  // The scheduler: due jobs into the outbox, the outbox out to the messengers under rates shared by
  // all instances. Stopped first at shutdown, while the adapters can still send.
  if (config.scheduler.enabled) {
    const senders: OutboxSender[] = [telegram?.sender, vk?.sender].filter((s) => s !== undefined);
    if (terminal) {
      senders.push({
        platform: 'terminal',
        async send(chatId, message) {
          process.stdout.write(`\n(scheduled, for "${chatId}")${renderTerminalMessage(message).text}\n`);
        },
      });
    }
    await scheduleRetention(app.database.db, new Date());
    await scheduleTermEnd(app.database.db, new Date());
    const scheduler = startScheduler({
      database: app.database,
      handlers: app.jobHandlers,
      deps: { i18n: app.i18n, catalog: app.catalog, logger, links: config.links },
      senders,
      logger,
      limiter: createSharedSendLimiter(app.database.db, {
        rates: {
          telegram: { perSecond: config.scheduler.rates.telegram, perChatMs: 1000 },
          vk: { perSecond: config.scheduler.rates.vk },
        },
      }),
    });
    app.metrics.observeJobs(scheduler.stats);
    stoppers.unshift(() => scheduler.stop());
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    // New webhook posts are refused first and in-flight ones finish; then the adapters drain; then the database.
    await http?.close();
    for (const stop of stoppers) await stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (terminal) {
    const demo = await ensureDemoProgramme(app.database.db, new Date());
    const chat = createTerminalChat({
      handler: app.engine,
      logger,
      banner: demo
        ? `Nastavnik — terminal chat (${app.database.kind}).\nDemo programme "${demo.programme}": mentee code ${demo.menteeCode}, mentor code ${demo.mentorCode}, curator code ${demo.curatorCode}.`
        : `Nastavnik — terminal chat (${app.database.kind}).`,
    });
    stoppers.push(() => chat.stop());
    await chat.run();
    await shutdown('end of input');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Nastavnik failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
