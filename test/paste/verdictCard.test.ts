import assert from 'node:assert/strict';
import { readPaste, type PasteFinding } from '../../src/paste/readers';
import { renderVerdictCard } from '../../src/paste/verdictCard';
import { remindOffer } from '../../src/reminders/reminderViews';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { allText, type Card } from '../support/botHarness';
import { cardProblems } from '../support/validateCard';
import * as F from './readers/fixtures';

const localizer = new Localizer();

/** Every fixture the readers understand: one verdict card each. */
const findings: Array<[string, PasteFinding]> = Object.entries(F)
  .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  .flatMap(([name, text]) => {
    const reading = readPaste(text);
    return reading?.kind === 'finding' ? [[name, reading.finding] as [string, PasteFinding]] : [];
  });

/** Sentences of the card that are neither cmdlets, fields, hosts nor product names. */
const sentences = (card: Card): string[] =>
  (card.body as Array<{ text?: string }>)
    .map((b) => b.text ?? '')
    .filter((t) => t.split(' ').length > 4 && !/^[✓✗⚠] Microsoft Entra Connect [\d.]+$/.test(t));

describe('verdict cards', () => {
  it('cover every kind of output the bot reads', () => {
    const kinds = new Set(findings.map(([, f]) => f.kind));
    assert.deepEqual([...kinds].sort(), [
      'connectVersion',
      'event',
      'passwordResetConfig',
      'runStatus',
      'scheduler',
      'testNetConnection',
      'tls',
    ]);
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: valid Adaptive Cards 1.5, first line ✓/✗/⚠, no missing key, Learn link`, () => {
      const t = localizer.for(locale);
      const english = localizer.for('en');
      for (const [name, finding] of findings) {
        const card = renderVerdictCard(finding, t, {
          note: t.t('paste.recorded', { check: 'x', status: 'y' }),
          remind: remindOffer(t, 'verdict-token'),
        }).content;
        assert.deepEqual(cardProblems(card), [], name);
        const body = card.body as Array<{ text: string }>;
        const mark = { fine: '✓', problem: '✗', unsure: '⚠' }[finding.mark];
        assert.ok(body[0].text.startsWith(`${mark} `), `${name}: ${body[0].text}`);
        assert.doesNotMatch(allText(card as unknown as Card), /paste\.|events\.|checks\.|\{\{/, name);
        assert.ok(JSON.stringify(card).includes(finding.learnUrl), name);
        if (locale !== 'en') {
          const en = renderVerdictCard(finding, english).content as unknown as Card;
          const same = sentences(card as unknown as Card).filter((s) => sentences(en).includes(s));
          assert.deepEqual(same, [], `${locale} ${name}: English left`);
        }
      }
    });
  }
});
