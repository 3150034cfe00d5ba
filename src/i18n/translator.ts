import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type InitOptions, type TFunction } from 'i18next';
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

/** @internal How the Localizer sets up i18next (the tests compare the compiled strings with i18next itself). */
export function i18nextOptions(resources: Resources): InitOptions {
  return {
    initAsync: false,
    resources: Object.fromEntries(Object.entries(resources).map(([lng, r]) => [lng, { translation: r }])),
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
  };
}

type Values = Record<string, string | number>;

/** i18next options that can travel in `values` and change what `t` does: those calls go through i18next. */
const OPTION_KEYS = new Set([
  'count',
  'context',
  'ordinal',
  'defaultValue',
  'lng',
  'lngs',
  'ns',
  'returnObjects',
]);
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * A resource string with plain `{{name}}` placeholders as a function of the values, which is what i18next
 * makes of it (escapeValue off; values are inserted as they are, never interpolated again). Undefined
 * for anything else (nesting, formats, other `{{…}}` forms): i18next does those. The function answers
 * undefined when a placeholder has no value or an option key is present, and i18next answers instead.
 */
function compile(template: unknown): ((values: Values) => string | undefined) | undefined {
  if (typeof template !== 'string' || template.includes('$t(')) return undefined;
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, match.index));
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  if (literals.join('').includes('{{') || tail.includes('{{')) return undefined;
  return (values) => {
    for (const key in values) if (OPTION_KEYS.has(key)) return undefined;
    let out = '';
    for (let i = 0; i < names.length; i++) {
      const value = values[names[i]];
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      out += literals[i] + String(value);
    }
    return out + tail;
  };
}

export class Localizer {
  private readonly instance: i18n;
  /** One translator per language, made on first use (every turn asks for one). */
  private readonly translators = new Map<SupportedLocale, Translator>();

  constructor(resources: Resources = loadResources()) {
    this.instance = i18next.createInstance();
    void this.instance.init(i18nextOptions(resources));
  }

  for(locale: SupportedLocale): Translator {
    let translator = this.translators.get(locale);
    if (!translator) {
      translator = this.create(locale);
      this.translators.set(locale, translator);
    }
    return translator;
  }

  /** The string `t` would use: this language's, else the fallback language's (i18next's fallback). */
  private resource(locale: SupportedLocale, key: string): unknown {
    const own: unknown = this.instance.getResource(locale, 'translation', key);
    return own !== undefined ? own : this.instance.getResource(DEFAULT_LOCALE, 'translation', key);
  }

  private create(locale: SupportedLocale): Translator {
    const t: TFunction = this.instance.getFixedT(locale);
    // The resources never change after start: a string without values is looked up once per language,
    // and one with plain placeholders is compiled once (i18next parses it again on every call).
    const fixed = memoByKey((key) => t(key, {}), 4096);
    const compiled = memoByKey((key) => compile(this.resource(locale, key)), 4096);
    const lists = memoByKey((key) => {
      const value: unknown = t(key, { returnObjects: true });
      return Object.freeze(
        Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [],
      );
    }, 1024);
    return {
      locale,
      t: (key, values) => (values ? (compiled(key)?.(values) ?? t(key, values)) : fixed(key)),
      list: (key) => [...lists(key)],
    };
  }
}
