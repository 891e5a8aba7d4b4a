import { mentorshipForms } from '../../../src/programmes/forms';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestDefinition, loadQuestionnaireDefinitions, questionnairesDir } from '../../../flows/questionnaire/registry';
import type { Question, QuestionnaireDefinition } from '../../../src/questionnaires/definition';

const shipped = loadQuestionnaireDefinitions();

function definition(key: string): QuestionnaireDefinition {
  const found = latestDefinition(shipped, key);
  if (!found) throw new Error(`no shipped questionnaire ${key}`);
  return found;
}

function question(def: QuestionnaireDefinition, id: string): Question {
  const found = def.questions.find((q) => q.id === id);
  if (!found) throw new Error(`${def.key} has no question ${id}`);
  return found;
}

function optionIds(q: Question): string[] {
  return q.kind === 'single' || q.kind === 'multi' ? q.options.map((o) => o.id) : [];
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder of definition files for the loader; values are written as JSON unless already a string. */
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nastavnik-questionnaires-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function raw(questions: unknown[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return { key: 'test-form', version: 1, audience: 'mentee', purpose: 'intake', title: 'qn-test', questions, ...over };
}

const text = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'text', prompt: 'q-test', maxLength: 100, ...extra });

function loadError(dir: string): string {
  try {
    loadQuestionnaireDefinitions(dir);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the definitions to be rejected');
}

describe('shipped questionnaire definitions', () => {
  it('all load and pass the schema, the intake questionnaires among them', () => {
    expect(shipped.map((d) => `${d.key}@${d.version}`)).toEqual(expect.arrayContaining(['mentee-intake@1', 'mentor-intake@1']));
  });

  it('are each named after their key and version', () => {
    const names = readdirSync(questionnairesDir).filter((f) => f.endsWith('.json'));
    expect(names.sort()).toEqual(shipped.map((d) => `${d.key}.v${d.version}.json`).sort());
  });

  it('have exactly one intake questionnaire per audience', () => {
    const latestIntakes = [...new Set(shipped.map((d) => d.key))]
      .map((key) => definition(key))
      .filter((d) => d.purpose === 'intake')
      .map((d) => d.audience);
    expect(latestIntakes.sort()).toEqual(['mentee', 'mentor']);
  });

  it('condition questions only on options the earlier question offers', () => {
    for (const def of shipped) {
      for (const q of def.questions) {
        if (!q.when) continue;
        const offered = optionIds(question(def, q.when.question));
        expect(offered, `${def.key}.${q.id}`).toEqual(expect.arrayContaining(q.when.in));
      }
    }
  });

  it('copy the name into the profile in both intake questionnaires', () => {
    for (const key of ['mentee-intake', 'mentor-intake']) {
      expect(definition(key).questions.filter((q) => q.profileField === 'fullName').map((q) => q.id)).toEqual(['full_name']);
    }
  });
});

describe('options that matching compares', () => {
  const mentee = definition('mentee-intake');
  const mentor = definition('mentor-intake');

  it('mentee requests and mentor competences offer the same option ids and both follow the programme topics', () => {
    const requests = question(mentee, 'requests');
    const competences = question(mentor, 'competences');
    expect(optionIds(requests)).toEqual(optionIds(competences));
    expect(requests.kind === 'multi' && requests.optionsSource).toBe('programme.topics');
    expect(competences.kind === 'multi' && competences.optionsSource).toBe('programme.topics');
  });

  it('free time and meeting format use the same option ids on both sides', () => {
    for (const id of ['free_time', 'format']) {
      expect(optionIds(question(mentee, id)), id).toEqual(optionIds(question(mentor, id)));
    }
  });

  it('an option id means the same on both sides: shared options carry the same label keys', () => {
    const pairs = [
      ['requests', 'competences'],
      ['free_time', 'free_time'],
      ['format', 'format'],
    ] as const;
    for (const [menteeId, mentorId] of pairs) {
      expect(optionsOf(question(mentor, mentorId)), mentorId).toEqual(optionsOf(question(mentee, menteeId)));
    }
  });

  it('offers mentors every form of mentorship a programme can run, by the same ids', () => {
    const ids = optionIds(question(mentor, 'forms'));
    expect(ids.length).toBeGreaterThanOrEqual(6);
    for (const id of ids) expect(mentorshipForms).toContain(id);
  });
});

describe('satisfaction questionnaires', () => {
  const mentee = definition('mentee-satisfaction');
  const mentor = definition('mentor-satisfaction');

  it('ask mentees and mentors the shared monitoring questions under the same ids, rated 1 to 10', () => {
    for (const def of [mentee, mentor]) {
      expect(def.purpose).toBe('satisfaction');
      for (const id of ['comfort', 'usefulness', 'support', 'expectations']) {
        expect(question(def, id), `${def.key}.${id}`).toMatchObject({ kind: 'scale', min: 1, max: 10 });
      }
      expect(question(def, 'continue').kind).toBe('yesno');
    }
  });

  it('ask mentors also about the organisation of meetings and the clarity of tasks', () => {
    expect(question(mentor, 'meeting_organisation').kind).toBe('scale');
    expect(question(mentor, 'tasks_clarity').kind).toBe('scale');
  });
});

function optionsOf(q: Question): { id: string; label: string }[] {
  return q.kind === 'single' || q.kind === 'multi' ? q.options : [];
}

describe('loading definitions', () => {
  it('rejects a duplicate question id, naming the file and the question', () => {
    const message = loadError(folder({ 'dup.json': raw([text('goal'), text('goal')]) }));
    expect(message).toContain('dup.json');
    expect(message).toContain('questions[1] (goal).id: duplicate question id goal');
  });

  it('rejects a condition on a later question', () => {
    const when = { question: 'role', in: ['student'] };
    const role = { id: 'role', kind: 'single', prompt: 'q-test', options: [{ id: 'student', label: 'o-a' }, { id: 'teacher', label: 'o-b' }] };
    const message = loadError(folder({ 'when.json': raw([text('grade', { when }), role]) }));
    expect(message).toContain('when.json');
    expect(message).toContain('questions[0] (grade).when: "when" must name an earlier question');
  });

  it('rejects an integer question whose min is greater than its max', () => {
    const message = loadError(folder({ 'range.json': raw([{ id: 'capacity', kind: 'integer', prompt: 'q-test', min: 10, max: 1 }]) }));
    expect(message).toContain('range.json');
    expect(message).toContain('questions[0] (capacity): min is greater than max');
  });

  it('rejects an unknown question kind', () => {
    const message = loadError(folder({ 'kind.json': raw([{ id: 'mood', kind: 'emoji', prompt: 'q-test' }]) }));
    expect(message).toMatch(/kind\.json:\n\s+- questions\[0\] \(mood\)\.kind: /);
  });

  it('lists every problem of every bad file in one error', () => {
    const message = loadError(
      folder({
        'a.json': raw([text('Bad Id'), text('x', { maxLength: 0 })]),
        'b.json': raw([text('ok')], { audience: 'parent' }),
        'c.json': raw([text('ok')], { key: 'fine' }),
      }),
    );
    expect(message).toContain('questions[0] (Bad Id).id: lower-case id of at most 32 characters');
    expect(message).toContain('questions[1] (x).maxLength');
    expect(message).toMatch(/b\.json:\n\s+- audience: /);
    expect(message).not.toContain('c.json');
  });

  it('rejects a file that is not JSON', () => {
    expect(loadError(folder({ 'broken.json': '{ "key": ' }))).toContain('broken.json: not valid JSON');
  });

  it('rejects two files with the same key and version', () => {
    const message = loadError(folder({ 'one.json': raw([text('a')]), 'two.json': raw([text('b')]) }));
    expect(message).toContain('two.json: test-form v1 is already defined in one.json');
  });

  it('reads only .json files and fills in the schema defaults', () => {
    const dir = folder({ 'form.v1.json': raw([text('a')]), 'notes.md': '# not a definition' });
    const [loaded] = loadQuestionnaireDefinitions(dir);
    expect(loaded?.questions[0]).toMatchObject({ id: 'a', optional: false, minLength: 1 });
  });
});

describe('latestDefinition', () => {
  const defs = loadQuestionnaireDefinitions(
    folder({
      'f.v1.json': raw([text('a')]),
      'f.v3.json': raw([text('a')], { version: 3 }),
      'f.v2.json': raw([text('a')], { version: 2 }),
      'g.v5.json': raw([text('a')], { key: 'other', version: 5 }),
    }),
  );

  it('returns the highest version of the key', () => {
    expect(latestDefinition(defs, 'test-form')?.version).toBe(3);
  });

  it('returns undefined for a key nobody defined', () => {
    expect(latestDefinition(defs, 'missing')).toBeUndefined();
  });
});
