// The composition root's building block: config in, a running application out. main.ts and the
// end-to-end tests build the application the same way.
import path from 'node:path';
import { createDatabase, type Database } from '../db/client';
import { createEngine, type Engine } from '../flows/engine';
import { registeredJobHandlers } from '../flows/modules';
import { loadQuestionnaireDefinitions } from '../flows/questionnaire/registry';
import { termEndMessages } from '../flows/reports/completion';
import type { Config } from './config';
import { createI18n, type I18n } from './i18n';
import type { Logger } from './logger';
import type { JobHandler } from './jobs/types';
import { createMetrics, type Metrics } from './metrics';
import { createRetentionJobHandler, RETENTION_JOB_KIND } from './ops/retention-job';
import { syncQuestionnaires, type QuestionnaireCatalog } from './questionnaires/catalog';
import { createTermEndJobHandler, TERM_END_JOB_KIND } from './reports/term-end-job';

export interface App {
  config: Config;
  logger: Logger;
  database: Database;
  i18n: I18n;
  catalog: QuestionnaireCatalog;
  engine: Engine;
  /** Prometheus metrics of this instance (GET /metrics). */
  metrics: Metrics;
  /** Every scheduled job's handler by kind (the chat modules', the daily retention and end of term), for the scheduler. */
  jobHandlers: ReadonlyMap<string, JobHandler>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** An already open database (tests); otherwise opened from the config. */
  database?: Database;
  clock?: () => Date;
}

export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const database =
    options.database ??
    createDatabase({
      url: config.database.url,
      dataDir: path.join(config.database.dataDir, 'pglite'),
      poolSize: config.database.poolSize,
    });
  await database.migrate();
  const i18n = createI18n();
  const catalog = await syncQuestionnaires(database.db, loadQuestionnaireDefinitions());
  const metrics = createMetrics({ db: database.db });
  const engine = createEngine({ database, i18n, catalog, logger, links: config.links, clock: options.clock, metrics });
  const jobHandlers = registeredJobHandlers();
  jobHandlers.set(RETENTION_JOB_KIND, createRetentionJobHandler(config.retention.days));
  jobHandlers.set(TERM_END_JOB_KIND, createTermEndJobHandler(termEndMessages));
  logger.info({ database: database.kind, questionnaires: catalog.all().length }, 'application ready');
  return {
    config,
    logger,
    database,
    i18n,
    catalog,
    engine,
    metrics,
    jobHandlers,
    close: () => database.close(),
  };
}
