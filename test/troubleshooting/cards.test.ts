import assert from 'node:assert/strict';
import { LANGUAGE_NAMES, SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { renderAllCards } from '../support/allCards';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();

/** Words that stay English in every language: product names, UI labels, cmdlets, attributes. */
const KEEP_ENGLISH =
  /Microsoft|Entra|Connect|Azure|Active Directory|Office|Business|Premium|Enterprise|Mobility|Security|Windows|Server|Service Bus|PowerShell|PasswordResetService|ADSync|SSPR|TLS|PDC|Test-NetConnection|Get-[A-Za-z]+|Set-[A-Za-z]+|Start-[A-Za-z]+|SchUseStrongCrypto|SystemDefaultTlsVersions|SCHANNEL|SDProp|adminCount|lockoutTime|pwdLastSet|English|[a-z0-9*-]+(\.[a-z0-9-]+)+|https?:\S+/g;

/** Text nodes in document order with their JSON path, skipping monospace command blocks (never translated). */
function textNodes(node: unknown, path = '$', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) node.forEach((n, i) => textNodes(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    if (element.fontType === 'Monospace') return out;
    for (const [key, value] of Object.entries(element)) {
      if (
        typeof value === 'string' &&
        ['text', 'title', 'label', 'placeholder', 'errorMessage'].includes(key)
      ) {
        out.push([`${path}.${key}`, value]);
      } else textNodes(value, `${path}.${key}`, out);
    }
  }
  return out;
}

const ENDONYMS = new Set(Object.values(LANGUAGE_NAMES));

function hasEnglishWords(text: string): boolean {
  if (ENDONYMS.has(text)) return false; // each language's own name is the same in every language
  return /[A-Za-z]{3,}/.test(text.replace(KEEP_ENGLISH, ''));
}

describe('every card in every locale', () => {
  const english = new Map(renderAllCards(localizer.for('en')));

  for (const locale of SUPPORTED_LOCALES) {
    describe(locale, () => {
      const cards = renderAllCards(localizer.for(locale));

      it('renders valid Adaptive Cards 1.5 under 28 KB with no unfilled placeholder or empty text', () => {
        const problems = cards.flatMap(([name, card]) =>
          cardProblems(card.content).map((p) => `${name}: ${p}`),
        );
        assert.deepEqual(problems, []);
      });

      if (locale !== 'en') {
        it('leaves no English sentence untranslated', () => {
          const leftovers: string[] = [];
          for (const [name, card] of cards) {
            const en = new Map(textNodes(english.get(name)?.content));
            for (const [path, text] of textNodes(card.content)) {
              if (en.get(path) === text && hasEnglishWords(text)) leftovers.push(`${name} ${path}: ${text}`);
            }
          }
          assert.deepEqual(leftovers, []);
        });
      }
    });
  }

  it('the same card differs between languages (the locale really is applied)', () => {
    const en = JSON.stringify(english.get('check licensing'));
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      const other = new Map(renderAllCards(localizer.for(locale)));
      assert.notEqual(JSON.stringify(other.get('check licensing')), en, locale);
    }
  });
});
