// The questionnaire catalog: definitions from files synced into the database (one row per key and
// version), so every response stays tied to the exact version it answered.
import { isDeepStrictEqual } from 'node:util';
import type { Executor } from '../../db/client';
import { insertQuestionnaire, listQuestionnaires } from '../../db/queries/questionnaires';
import type { Role } from '../../db/schema';
import { questionnaireSchema, type QuestionnaireDefinition } from './definition';

export interface CatalogEntry {
  id: number;
  definition: QuestionnaireDefinition;
}

export interface QuestionnaireCatalog {
  byId(id: number): CatalogEntry | undefined;
  latest(key: string): CatalogEntry | undefined;
  /** The current intake questionnaire for a role. */
  intakeFor(role: Role): CatalogEntry | undefined;
  all(): CatalogEntry[];
}

export class QuestionnaireChangedError extends Error {
  constructor(key: string, version: number) {
    super(`questionnaire ${key} v${version} differs from the stored one: give the changed definition a new version`);
    this.name = 'QuestionnaireChangedError';
  }
}

/** Stores new definitions, refuses a changed definition under an old version, loads them all. */
export async function syncQuestionnaires(db: Executor, definitions: QuestionnaireDefinition[]): Promise<QuestionnaireCatalog> {
  const stored = new Map((await listQuestionnaires(db)).map((row) => [`${row.key}@${row.version}`, row]));
  for (const definition of definitions) {
    const existing = stored.get(`${definition.key}@${definition.version}`);
    if (existing) {
      if (!isDeepStrictEqual(questionnaireSchema.parse(existing.definition), definition)) {
        throw new QuestionnaireChangedError(definition.key, definition.version);
      }
      continue;
    }
    const row = await insertQuestionnaire(db, definition.key, definition.version, definition);
    stored.set(`${row.key}@${row.version}`, row);
  }
  const entries = [...stored.values()].map((row) => ({ id: row.id, definition: questionnaireSchema.parse(row.definition) }));
  return createCatalog(entries);
}

export function createCatalog(entries: CatalogEntry[]): QuestionnaireCatalog {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const latest = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    const current = latest.get(entry.definition.key);
    if (!current || current.definition.version < entry.definition.version) latest.set(entry.definition.key, entry);
  }
  return {
    byId: (id) => byId.get(id),
    latest: (key) => latest.get(key),
    intakeFor(role) {
      const candidates = [...latest.values()].filter(
        (e) => e.definition.purpose === 'intake' && (e.definition.audience === role || e.definition.audience === 'any'),
      );
      return candidates.find((e) => e.definition.audience === role) ?? candidates[0];
    },
    all: () => [...entries],
  };
}
