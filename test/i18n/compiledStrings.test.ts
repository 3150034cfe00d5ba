import assert from 'node:assert/strict';
import i18next from 'i18next';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { i18nextOptions, loadResources, Localizer } from '../../src/i18n/translator';

/** Every string key of a resource tree, dotted (`a.b.c`). */
function stringKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${prefix}${key}`]
      : typeof value === 'object' && value !== null && !Array.isArray(value)
        ? stringKeys(value as Record<string, unknown>, `${prefix}${key}.`)
        : [],
  );
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);

describe('translations with values: the compiled strings say what i18next says', () => {
  const resources = loadResources();
  const reference = i18next.createInstance();
  void reference.init(i18nextOptions(resources));
  const localizer = new Localizer(resources);
  const english = resources.en;
  const keys = stringKeys(english);
  // Values that would change the text if anything interpolated or nested them a second time.
  const tricky = ['{{name}}', '$t(summary.menu)', 'a {{count}} b', '', '<b>&amp;</b> "x"', 42, 0, 3.5];

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: every key, with all, some and tricky values`, () => {
      const expected = reference.getFixedT(locale);
      const t = localizer.for(locale);
      let compared = 0;
      for (const key of keys) {
        const raw = String(
          reference.getResource(locale, 'translation', key) ??
            reference.getResource('en', 'translation', key),
        );
        const names = placeholders(raw);
        const variants: Array<Record<string, string | number>> = [
          Object.fromEntries(names.map((n, i) => [n, `v${i}`])),
          Object.fromEntries(names.map((n, i) => [n, tricky[i % tricky.length]])),
          Object.fromEntries(names.slice(1).map((n) => [n, 'only some'])),
          { ...Object.fromEntries(names.map((n) => [n, 7])), unused: 'x' },
          { ...Object.fromEntries(names.map((n) => [n, 'x'])), count: 2 },
        ];
        for (const values of variants) {
          assert.equal(t.t(key, values), expected(key, values), `${locale} ${key} ${JSON.stringify(values)}`);
          compared += 1;
        }
      }
      assert.ok(compared > 1000);
    });
  }

  it('plural keys (only _one / _other in the files) are still resolved by i18next', () => {
    const pluralBase = keys.find((k) => k.endsWith('_one'))?.replace(/_one$/, '');
    assert.ok(pluralBase);
    for (const locale of SUPPORTED_LOCALES)
      for (const count of [0, 1, 2, 5, 21])
        assert.equal(
          localizer.for(locale).t(pluralBase, { count }),
          reference.getFixedT(locale)(pluralBase, { count }),
        );
  });
});
