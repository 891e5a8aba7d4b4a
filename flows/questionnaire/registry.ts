// Loads the questionnaire definitions shipped as JSON data in flows/questionnaires/ and validates them,
// so a broken or duplicated file stops the start-up with every problem listed at once.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { questionnaireSchema, type QuestionnaireDefinition } from '../../src/questionnaires/definition';

export const questionnairesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'questionnaires');

/** Reads every *.json in `dir`; throws one error naming each bad file and each of its problems. */
export function loadQuestionnaireDefinitions(dir: string = questionnairesDir): QuestionnaireDefinition[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const sources = files.map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
  return parseQuestionnaireDefinitions(sources, dir);
}

export interface DefinitionSource {
  file: string;
  text: string;
}

/** The pure part of loading: parse, validate, refuse a key and version defined twice. */
export function parseQuestionnaireDefinitions(sources: DefinitionSource[], where = 'questionnaire definitions'): QuestionnaireDefinition[] {
  const problems: string[] = [];
  const definitions: QuestionnaireDefinition[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, text } of sources) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      problems.push(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const parsed = questionnaireSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${file}:\n${parsed.error.issues.map((issue) => `  - ${describeIssue(issue, raw)}`).join('\n')}`);
      continue;
    }
    const definition = parsed.data;
    const id = `${definition.key} v${definition.version}`;
    const earlier = fileOf.get(id);
    if (earlier) {
      problems.push(`${file}: ${id} is already defined in ${earlier}; give the new definition a new version`);
      continue;
    }
    fileOf.set(id, file);
    definitions.push(definition);
  }
  if (problems.length > 0) throw new Error(`invalid questionnaire definitions in ${where}:\n${problems.join('\n')}`);
  return definitions;
}

/** The highest version of a questionnaire, or undefined when no definition has that key. */
export function latestDefinition(definitions: readonly QuestionnaireDefinition[], key: string): QuestionnaireDefinition | undefined {
  let latest: QuestionnaireDefinition | undefined;
  for (const definition of definitions) {
    if (definition.key === key && (!latest || definition.version > latest.version)) latest = definition;
  }
  return latest;
}

/** "questions[4] (goals).when: ..." reads better than a bare index path. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [head, index, ...rest] = issue.path;
  let where = issue.path.map(String).join('.');
  if (head === 'questions' && typeof index === 'number') {
    const questionId = questionIdAt(raw, index);
    where = `questions[${index}]${questionId ? ` (${questionId})` : ''}${rest.map((p) => `.${String(p)}`).join('')}`;
  }
  return `${where || '(root)'}: ${issue.message}`;
}

function questionIdAt(raw: unknown, index: number): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('questions' in raw) || !Array.isArray(raw.questions)) return undefined;
  const question: unknown = raw.questions[index];
  if (typeof question !== 'object' || question === null || !('id' in question)) return undefined;
  return typeof question.id === 'string' ? question.id : undefined;
}
