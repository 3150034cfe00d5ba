import assert from 'node:assert/strict';
import { matchLocale, resolveLocale, SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { loadResources } from '../../src/i18n/translator';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(node: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else out.set(prefix, node);
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locale resolution', () => {
  const table: Array<[string | undefined, string | undefined]> = [
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['lv', 'lv'],
    ['lv-LV', 'lv'],
    ['LT-lt', 'lt'],
    ['sl-SI', 'sl'],
    ['ro-RO', 'ro'],
    ['ro_MD', 'ro'],
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-TW', undefined],
    ['zh-HK', undefined],
    ['zh-Hant', undefined],
    ['de-DE', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [tag, expected] of table) {
    it(`${String(tag)} → ${String(expected ?? 'fallback')}`, () => assert.equal(matchLocale(tag), expected));
  }

  it('an explicit choice beats the client locale; unknown falls back to English', () => {
    assert.equal(resolveLocale('lt', 'lv-LV'), 'lt');
    assert.equal(resolveLocale(undefined, 'lv-LV'), 'lv');
    assert.equal(resolveLocale('xx', 'zh-TW'), 'en');
  });
});

describe('locale files', () => {
  const resources = loadResources();
  const english = flatten(resources.en);
  const baseKeys = (keys: Iterable<string>): Set<string> =>
    new Set([...keys].map((k) => k.replace(PLURAL, '')));

  for (const locale of SUPPORTED_LOCALES) {
    describe(locale, () => {
      const flat = flatten(resources[locale]);

      it('has exactly the keys of every other locale (plural forms aside)', () => {
        const mine = baseKeys(flat.keys());
        const theirs = baseKeys(english.keys());
        assert.deepEqual(
          [...theirs].filter((k) => !mine.has(k)),
          [],
          'missing',
        );
        assert.deepEqual(
          [...mine].filter((k) => !theirs.has(k)),
          [],
          'extra',
        );
      });

      it('has every plural form the language needs, and no other', () => {
        const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
        const pluralBases = new Set(
          [...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')),
        );
        for (const base of pluralBases) {
          const forms = [...flat.keys()]
            .filter((k) => k.replace(PLURAL, '') === base && PLURAL.test(k))
            .map((k) => PLURAL.exec(k)![1]);
          assert.deepEqual(forms.sort(), [...categories].sort(), base);
        }
      });

      it('keeps every {{placeholder}} of the English text', () => {
        const wrong: string[] = [];
        for (const [key, value] of flat) {
          // Plural forms are compared with English's _other form, which always names {{count}}.
          const englishValue = PLURAL.test(key)
            ? english.get(key.replace(PLURAL, '_other'))
            : english.get(key);
          if (typeof value !== 'string' || typeof englishValue !== 'string') continue;
          const expected = placeholders(englishValue).filter(
            (p) => !(p === 'count' && /_(one|zero|two)$/.test(key)),
          );
          const actual = placeholders(value);
          if (
            expected.some((p) => !actual.includes(p)) ||
            actual.some((p) => !placeholders(englishValue).includes(p))
          ) {
            wrong.push(`${key}: ${value}`);
          }
        }
        assert.deepEqual(wrong, []);
      });

      it('has no empty strings and no mistranslated product names', () => {
        const blunders =
          /(Azure AD|Entra) (Povezovalnik|Conectare|连接)|Conectare Azure AD|reklām|atgalinis skambinimas/i;
        const bad = [...flat].filter(
          ([, v]) => typeof v === 'string' && (v.trim() === '' || blunders.test(v)),
        );
        assert.deepEqual(bad, []);
      });

      it('gives each command keyword to one command only', () => {
        const seen = new Map<string, string>();
        const clashes: string[] = [];
        for (const [key, value] of Object.entries(
          (resources[locale] as { commands: Record<string, string[]> }).commands,
        )) {
          for (const word of value) {
            if (seen.has(word) && seen.get(word) !== key) clashes.push(`${word}: ${seen.get(word)} / ${key}`);
            seen.set(word, key);
          }
        }
        assert.deepEqual(clashes, []);
      });
    });
  }
});
