// Every user-facing text comes from locales/<lang>/*.ftl through Fluent; Russian is the default.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { negotiateLanguages } from '@fluent/langneg';

export const supportedLocales = ['ru', 'en'] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = 'ru';

export const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');

export type TextArgs = Record<string, FluentVariable>;

export interface I18n {
  t(locale: Locale, key: string, args?: TextArgs): string;
  has(locale: Locale, key: string): boolean;
  /** Keys defined for a locale (tests check both locales define the same set). */
  keys(locale: Locale): string[];
  /** Picks a supported locale for a messenger's language code. */
  negotiate(languageCode: string | undefined): Locale;
}

export function isLocale(value: string): value is Locale {
  return (supportedLocales as readonly string[]).includes(value);
}

export function createI18n(dir: string = localesDir): I18n {
  const bundles = new Map<Locale, FluentBundle>();
  const keySets = new Map<Locale, string[]>();
  for (const locale of supportedLocales) {
    // useIsolating off: messengers show the Unicode isolation marks as garbage.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const keys: string[] = [];
    const folder = path.join(dir, locale);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ftl')).sort()) {
      const resource = new FluentResource(readFileSync(path.join(folder, file), 'utf8'));
      const errors = bundle.addResource(resource);
      if (errors.length > 0) throw new Error(`locales/${locale}/${file}: ${errors.map(String).join('; ')}`);
      for (const entry of resource.body) keys.push(entry.id);
    }
    bundles.set(locale, bundle);
    keySets.set(locale, keys);
  }

  const format = (locale: Locale, key: string, args?: TextArgs): string | undefined => {
    const bundle = bundles.get(locale);
    const message = bundle?.getMessage(key);
    if (!bundle || !message?.value) return undefined;
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, args ?? null, errors);
    if (errors.length > 0) throw new Error(`locale ${locale} key ${key}: ${errors.map(String).join('; ')}`);
    return text;
  };

  return {
    t(locale, key, args) {
      const text = format(locale, key, args) ?? (locale === defaultLocale ? undefined : format(defaultLocale, key, args));
      if (text === undefined) throw new Error(`missing locale key ${key}`);
      return text;
    },
    has: (locale, key) => bundles.get(locale)?.hasMessage(key) ?? false,
    keys: (locale) => [...(keySets.get(locale) ?? [])],
    negotiate(languageCode) {
      if (!languageCode) return defaultLocale;
      const [best] = negotiateLanguages([languageCode], [...supportedLocales], { defaultLocale, strategy: 'lookup' });
      return best && isLocale(best) ? best : defaultLocale;
    },
  };
}
