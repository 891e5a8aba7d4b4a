import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaireDefinitions } from '../flows/questionnaire/registry';
import { createI18n, localesDir, supportedLocales, type Locale, type TextArgs } from '../src/i18n';
import type { QuestionnaireDefinition } from '../src/questionnaires/definition';

const i18n = createI18n();
const definitions = loadQuestionnaireDefinitions();

/** Every locale key a definition refers to, with where it is used. */
function referencedKeys(defs: QuestionnaireDefinition[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const def of defs) {
    const at = `${def.key} v${def.version}`;
    keys.set(def.title, `${at} title`);
    for (const q of def.questions) {
      keys.set(q.prompt, `${at} ${q.id} prompt`);
      if (q.summaryLabel) keys.set(q.summaryLabel, `${at} ${q.id} summaryLabel`);
      if (q.kind === 'single' || q.kind === 'multi') for (const o of q.options) keys.set(o.label, `${at} ${q.id} option ${o.id}`);
    }
  }
  return keys;
}

// VK allows 40 characters on a button; the flow may prefix "✅ " to an option and "✏️ " to a summary label.
const BUTTON_TEXT_MAX = 36;

describe('locales', () => {
  it('ru and en define exactly the same keys', () => {
    const ru = new Set(i18n.keys('ru'));
    const en = new Set(i18n.keys('en'));
    const onlyRu = [...ru].filter((k) => !en.has(k));
    const onlyEn = [...en].filter((k) => !ru.has(k));
    expect({ onlyRu, onlyEn }, `only in ru: ${onlyRu.join(', ') || '—'}; only in en: ${onlyEn.join(', ') || '—'}`).toEqual({
      onlyRu: [],
      onlyEn: [],
    });
  });

  it('no key is defined twice within a language', () => {
    for (const locale of supportedLocales) {
      const keys = i18n.keys(locale);
      const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(repeated, locale).toEqual([]);
    }
  });

  it('every key a questionnaire definition uses exists in both languages', () => {
    const missing = [...referencedKeys(definitions)].flatMap(([key, where]) =>
      supportedLocales.filter((locale) => !i18n.has(locale, key)).map((locale) => `${locale}: ${key} (${where})`),
    );
    expect(missing).toEqual([]);
  });

  it('every questionnaire text in questionnaires.ftl is used by some definition', () => {
    const used = referencedKeys(definitions);
    const text = readFileSync(path.join(localesDir, 'ru', 'questionnaires.ftl'), 'utf8');
    const unused = new FluentResource(text).body.map((entry) => entry.id).filter((key) => !used.has(key));
    expect(unused).toEqual([]);
  });

  it('option labels and summary labels fit on a VK button in both languages', () => {
    const tooLong: string[] = [];
    for (const def of definitions) {
      for (const q of def.questions) {
        const labels = [q.summaryLabel ?? q.prompt, ...(q.kind === 'single' || q.kind === 'multi' ? q.options.map((o) => o.label) : [])];
        for (const locale of supportedLocales) {
          for (const key of labels) {
            const shown = i18n.t(locale, key);
            if ([...shown].length > BUTTON_TEXT_MAX) tooLong.push(`${locale}: ${key} = ${shown}`);
          }
        }
      }
    }
    expect(tooLong).toEqual([]);
  });
});

describe('consent texts', () => {
  const args = { organisation: 'МАОУ СОШ № 15', programme: 'Наставничество 2026/27', parent: 'Иванова Анна Петровна' };

  it('carry the same text version in both languages', () => {
    expect(i18n.t('ru', 'consent-text-version')).toBe('2026-11-v1');
    expect(i18n.t('en', 'consent-text-version')).toBe(i18n.t('ru', 'consent-text-version'));
  });

  it.each(supportedLocales)('%s: the consent names the organisation, the programme, the age of 14 and the /forget command', (locale) => {
    const text = i18n.t(locale, 'consent-text', args);
    for (const part of [args.organisation, args.programme, '152', '14', '/forget']) expect(text).toContain(part);
  });

  it.each(supportedLocales)("%s: the parent's consent names the parent, the organisation and the /forget command", (locale) => {
    const text = i18n.t(locale, 'consent-parent-text', args);
    for (const part of [args.parent, args.organisation, args.programme, '/forget']) expect(text).toContain(part);
  });
});

// Generic over the Russian texts: every message that selects on a number with [one], [few] and [many]
// variants must pick them by the Russian plural rules.
type Pattern = FluentResource['body'][number]['value'];
type Node = Exclude<Pattern, string | null>[number];

interface PluralUse {
  pluralVars: Set<string>;
  allVars: Set<string>;
}

function walk(pattern: Pattern, use: PluralUse): void {
  if (pattern === null || typeof pattern === 'string') return;
  for (const element of pattern) visit(element, use);
}

function visit(node: Node | { type: 'narg'; name: string; value: unknown }, use: PluralUse): void {
  if (typeof node === 'string') return;
  switch (node.type) {
    case 'var':
      use.allVars.add(node.name);
      return;
    case 'select': {
      visit(node.selector, use);
      const keys = node.variants.map((v) => (v.key.type === 'str' ? v.key.value : String(v.key.value)));
      if (node.selector.type === 'var' && ['one', 'few', 'many'].every((k) => keys.includes(k))) use.pluralVars.add(node.selector.name);
      for (const variant of node.variants) walk(variant.value, use);
      return;
    }
    case 'func':
    case 'term':
      for (const arg of node.args) if (arg.type !== 'narg') visit(arg, use);
      return;
    default:
      return;
  }
}

function russianPluralMessages(): { key: string; use: PluralUse }[] {
  const folder = path.join(localesDir, 'ru');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.ftl'))
    .flatMap((file) => new FluentResource(readFileSync(path.join(folder, file), 'utf8')).body)
    .filter((entry) => !entry.id.startsWith('-'))
    .map((entry) => {
      const use: PluralUse = { pluralVars: new Set(), allVars: new Set() };
      walk(entry.value, use);
      return { key: entry.id, use };
    })
    .filter(({ use }) => use.pluralVars.size > 0);
}

describe('Russian plural forms', () => {
  const messages = russianPluralMessages();

  it('some message selects by [one], [few] and [many]', () => {
    expect(messages.length).toBeGreaterThan(0);
  });

  it.each(messages)('$key picks one for 1 and 21, few for 2, 3 and 24, many for 5, 11, 12 and 25', ({ key, use }) => {
    const format = (locale: Locale, n: number): string => {
      const args: TextArgs = {};
      for (const name of use.allVars) args[name] = use.pluralVars.has(name) ? n : 'x';
      return i18n.t(locale, key, args).replace(/\d+/g, '#');
    };
    const one = format('ru', 1);
    const few = format('ru', 2);
    const many = format('ru', 5);
    expect(new Set([one, few, many]).size).toBe(3);
    expect(format('ru', 21)).toBe(one);
    for (const n of [3, 24]) expect(format('ru', n), String(n)).toBe(few);
    for (const n of [11, 12, 25]) expect(format('ru', n), String(n)).toBe(many);
  });
});
