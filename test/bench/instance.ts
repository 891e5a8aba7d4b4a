// An application instance in this process for the benchmarks: the real app and the real grammY
// adapter on a scratch database, Bot API calls answered by the in-process stub, and the loop that
// walks simulated users through a script the way @grammyjs/runner feeds updates.
import { performance } from 'node:perf_hooks';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createDatabase } from '../../db/client';
import { createApp, type App } from '../../src/app';
import { createConfig } from '../../src/config';
import { createI18n } from '../../src/i18n';
import { createInvite } from '../../src/invites/invites';
import { createLogger } from '../../src/logger';
import { seedProgramme } from '../support/app';
import { createTransactionRecorder, type RecordedStatement } from './replay';
import { benchBotInfo, benchToken, createBotApiStub, menteeIntakeScript, updateFor, type ChatScreens } from './telegram-driver';

export interface Instance {
  app: App;
  adapter: TelegramAdapter;
  screens: ChatScreens;
  /** Mentee invite codes of the programme; user n joins with code n mod count. */
  inviteCodes: string[];
  /** Statements sent to PostgreSQL so far, by their first word (begin, insert, select…). */
  statements: Map<string, number>;
  /** The transactions sent so far, statement by statement (counting instances only). */
  transactions: RecordedStatement[][];
}

/**
 * The application and the real Telegram adapter on `url`; `countStatements` counts every statement
 * sent and records each transaction (postgres.js's debug hook, which also records a stack per query:
 * diagnostics only, never in the measured run).
 */
export async function startInstance(url: string, poolSize: number, invites: number | string[], countStatements: boolean): Promise<Instance> {
  const i18n = createI18n();
  const recorder = createTransactionRecorder();
  const database = createDatabase({
    url,
    poolSize,
    onQuery: countStatements ? (query, parameters, connection) => recorder.record(connection, query, parameters) : undefined,
  });
  const config = createConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DATABASE_POOL_SIZE: String(poolSize) });
  const logger = createLogger('silent');
  const app = await createApp(config, logger, { database });
  let inviteCodes: string[];
  if (Array.isArray(invites)) {
    inviteCodes = invites;
  } else {
    const seeded = await seedProgramme(app.database.db);
    inviteCodes = [seeded.menteeCode];
    while (inviteCodes.length < invites) {
      inviteCodes.push((await createInvite(app.database.db, { programmeId: seeded.programmeId, role: 'mentee' })).code);
    }
  }
  const adapter = createTelegramAdapter({
    token: benchToken,
    apiRoot: 'http://127.0.0.1:9',
    botInfo: benchBotInfo,
    handler: app.engine,
    logger,
    throttle: false,
    mode: 'webhook',
  });
  // A user told "something went wrong" is a failed update, whatever the figures say.
  const stub = createBotApiStub([i18n.t('ru', 'error-internal')]);
  adapter.bot.api.config.use(stub.transformer);
  return { app, adapter, screens: stub.screens, inviteCodes, statements: recorder.statements, transactions: recorder.transactions };
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  await instance?.adapter.stop().catch(() => undefined);
  await instance?.app.close().catch(() => undefined);
}

export function totalStatements(statements: Map<string, number>): number {
  let total = 0;
  for (const n of statements.values()) total += n;
  return total;
}

/**
 * Walks users through the script, `concurrency` chats at a time, one update at a time per chat;
 * returns each update's handling time in ms.
 */
export async function drive(instance: Instance, userIds: number[], steps: number, concurrency: number): Promise<{ all: Float64Array; byStep: number[][] }> {
  const codes = instance.inviteCodes;
  const scripts = codes.map((code) => menteeIntakeScript(code, steps));
  const latencies = new Float64Array(userIds.length * steps);
  const byStep = Array.from({ length: steps }, (): number[] => []);
  let measured = 0;
  let nextUser = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const userId = userIds[nextUser++];
      if (userId === undefined) return;
      const script = scripts[userId % scripts.length] ?? [];
      for (const [i, step] of script.entries()) {
        const update = updateFor(step, userId, instance.screens, instance.app.i18n);
        const started = performance.now();
        await instance.adapter.bot.handleUpdate(update);
        const ms = performance.now() - started;
        latencies[measured++] = ms;
        byStep[i]?.push(ms);
      }
      instance.screens.forget(userId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, userIds.length) }, worker));
  return { all: latencies.subarray(0, measured), byStep };
}

