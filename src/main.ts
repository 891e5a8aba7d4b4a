// Starts Nastavnik: config, logger, database, engine, then the messenger adapters that have tokens
// (or the terminal chat when none has), and one graceful shutdown for all of them.
import { pino } from 'pino';
import { createDeliveryRouter } from '../bots/delivery-router';
import { createTelegramAdapter } from '../bots/telegram/bot';
import { createTerminalChat } from '../bots/terminal/chat';
import { createVkAdapter } from '../bots/vk/bot';
import { createApp } from './app';
import { ConfigError, createConfig } from './config';
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

  const router = createDeliveryRouter(logger);
  const stoppers: (() => Promise<void> | void)[] = [];
  if (config.telegram) {
    const telegram = createTelegramAdapter({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      handler: app.engine,
      logger,
      deliver: router.deliver,
    });
    router.register(telegram.sender);
    await telegram.start();
    stoppers.push(() => telegram.stop());
  }
  if (config.vk) {
    const vk = createVkAdapter({
      token: config.vk.token,
      groupId: config.vk.groupId,
      apiBaseUrl: config.vk.apiBaseUrl,
      handler: app.engine,
      logger,
      deliver: router.deliver,
    });
    router.register(vk.sender);
    await vk.start();
    stoppers.push(() => vk.stop());
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
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
