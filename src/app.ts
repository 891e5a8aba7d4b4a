// The composition root's building block: config in, a running application out. main.ts and the
// end-to-end tests build the application the same way.
import path from 'node:path';
import { createDatabase, type Database } from '../db/client';
import { createEngine, type Engine } from '../flows/engine';
import { loadQuestionnaireDefinitions } from '../flows/questionnaire/registry';
import type { Config } from './config';
import { createI18n, type I18n } from './i18n';
import type { Logger } from './logger';
import { syncQuestionnaires, type QuestionnaireCatalog } from './questionnaires/catalog';

export interface App {
  config: Config;
  logger: Logger;
  database: Database;
  i18n: I18n;
  catalog: QuestionnaireCatalog;
  engine: Engine;
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
  const engine = createEngine({ database, i18n, catalog, logger, links: config.links, clock: options.clock });
  logger.info({ database: database.kind, questionnaires: catalog.all().length }, 'application ready');
  return {
    config,
    logger,
    database,
    i18n,
    catalog,
    engine,
    close: () => database.close(),
  };
}
