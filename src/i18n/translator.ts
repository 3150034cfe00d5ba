import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { memoByKey } from '../core/memo';
import { LOCALES_DIR } from '../core/paths';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type SupportedLocale } from './locales';

export type Resources = Record<SupportedLocale, Record<string, unknown>>;

/** @internal Exported for the tests as well. */
export function loadResources(dir: string = LOCALES_DIR): Resources {
  const resources = {} as Resources;
  for (const locale of SUPPORTED_LOCALES) {
    resources[locale] = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
  }
  return resources;
}

/** A translator bound to one language: `t(key, values)` and `list(key)` for keyword arrays. */
export interface Translator {
  readonly locale: SupportedLocale;
  t(key: string, values?: Record<string, string | number>): string;
  list(key: string): string[];
}

export class Localizer {
  private readonly instance: i18n;
  /** One translator per language, made on first use (every turn asks for one). */
  private readonly translators = new Map<SupportedLocale, Translator>();

  constructor(resources: Resources = loadResources()) {
    this.instance = i18next.createInstance();
    void this.instance.init({
      initAsync: false,
      resources: Object.fromEntries(Object.entries(resources).map(([lng, r]) => [lng, { translation: r }])),
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...SUPPORTED_LOCALES],
      load: 'currentOnly',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  for(locale: SupportedLocale): Translator {
    let translator = this.translators.get(locale);
    if (!translator) {
      translator = this.create(locale);
      this.translators.set(locale, translator);
    }
    return translator;
  }

  private create(locale: SupportedLocale): Translator {
    const t: TFunction = this.instance.getFixedT(locale);
    // The resources never change after start: a string without values is looked up once per language.
    const fixed = memoByKey((key) => t(key, {}), 4096);
    const lists = memoByKey((key) => {
      const value: unknown = t(key, { returnObjects: true });
      return Object.freeze(
        Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [],
      );
    }, 1024);
    return {
      locale,
      t: (key, values) => (values ? t(key, values) : fixed(key)),
      list: (key) => [...lists(key)],
    };
  }
}
