import assert from 'node:assert/strict';
import { getSection } from '../../src/troubleshooting/catalogue';
import type { Catalogue, Section, SectionId } from '../../src/troubleshooting/model';
import { loadResources, Localizer, type Resources } from '../../src/i18n/translator';
import { allText, submitActions, type Card } from '../support/botHarness';
import { cardsIn, DialogHarness } from '../support/dialogHarness';

/**
 * The dialogs, commands and summaries follow the catalogue: a fixture catalogue puts a different section
 * ("Proxy and TLS", two checks, its own title and keywords) in the place of Connectivity. A section's id must
 * be one of SECTION_IDS: the action codec builds and parses "start" buttons against that list, so a card can
 * never carry a section the parser would refuse (a dead button).
 */
const EXTRA: SectionId = 'connectivity';

function extraSection(summary: Section['summary']): Section {
  const checks = getSection('connectivity')
    .checks.filter((c) => c.id === 'idleTimeout' || c.id === 'tls12')
    .map((c) => ({ ...c, section: EXTRA }));
  return { id: EXTRA, checks, summary };
}

const FIXTURE: Catalogue = [
  getSection('configuration'),
  extraSection('section'),
  getSection('stillNotWorking'),
];

const STRINGS: Partial<Record<keyof Resources, { title: string; description: string; commands: string[] }>> =
  {
    en: {
      title: 'Proxy and TLS',
      description: 'Idle timeout and TLS 1.2.',
      commands: ['proxy and tls', '9'],
    },
    lv: {
      title: 'Starpniekserveris un TLS',
      description: 'Dīkstāves noildze un TLS 1.2.',
      commands: ['starpniekserveris un tls'],
    },
  };

function fixtureLocalizer(): Localizer {
  const resources = loadResources();
  for (const [locale, strings] of Object.entries(STRINGS) as Array<
    [keyof Resources, (typeof STRINGS)['en']]
  >) {
    if (!strings) continue;
    const r = resources[locale] as { sections: Record<string, unknown>; commands: Record<string, unknown> };
    r.sections = { ...r.sections, [EXTRA]: { title: strings.title, description: strings.description } };
    r.commands = { ...r.commands, [EXTRA]: strings.commands };
  }
  return new Localizer(resources);
}

const localizer = fixtureLocalizer();
const en = localizer.for('en');
const lv = localizer.for('lv');

function heading(card: Card): string {
  const text = card.body.find((b) => b.style === 'heading')?.text;
  return typeof text === 'string' ? text : '';
}

function clickOk(card: Card): Record<string, unknown> {
  const action = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === 'answer' && wb.ans === 'ok';
  });
  if (!action) throw new Error(`no OK button on card "${heading(card)}"`);
  return action.data;
}

const harness = (catalogue: Catalogue, locale = 'en-US'): DialogHarness =>
  new DialogHarness(locale, undefined, { catalogue, localizer });

describe('sections from the catalogue (a fixture catalogue with a different section)', () => {
  it('its keyword from the locale strings starts it; its checks, title and "Next" come from the catalogue', async () => {
    const h = harness(FIXTURE);
    let card = cardsIn(await h.say('proxy and tls'))[0];
    assert.equal(heading(card), en.t('checks.idleTimeout.title'));
    assert.ok(allText(card).includes(en.t('card.progress', { section: 'Proxy and TLS', n: 1, m: 2 })));
    card = cardsIn(await h.say(clickOk(card)))[0];
    assert.equal(heading(card), en.t('checks.tls12.title'));
    const summary = cardsIn(await h.say(clickOk(card)))[0];
    assert.equal(heading(summary), en.t('summary.title', { section: 'Proxy and TLS' }));
    const next = submitActions(summary).find((a) => (a.data.wb as { a: string }).a === 'start');
    assert.equal(next?.title, en.t('summary.next', { section: en.t('sections.stillNotWorking.title') }));
    assert.deepEqual(next?.data.wb, { v: 1, a: 'start', s: 'stillNotWorking' });
  });

  it('its keyword works in the admin language too', async () => {
    const h = harness(FIXTURE, 'lv-LV');
    const card = cardsIn(await h.say('Starpniekserveris un TLS'))[0];
    assert.equal(heading(card), lv.t('checks.idleTimeout.title'));
    assert.ok(
      allText(card).includes(lv.t('card.progress', { section: 'Starpniekserveris un TLS', n: 1, m: 2 })),
    );
  });

  it('"run all" follows the catalogue order and ends in the case summary of the catalogue', async () => {
    const h = harness(FIXTURE);
    let cards = cardsIn(await h.say('run all'));
    const asked: string[] = [];
    const summaries: string[] = [];
    for (;;) {
      const card = cards[cards.length - 1];
      summaries.push(
        ...cards.filter((c) => !submitActions(c).some((a) => 'c' in (a.data.wb as object))).map(heading),
      );
      if (!submitActions(card).some((a) => (a.data.wb as { a: string }).a === 'answer')) break;
      asked.push(heading(card));
      cards = cardsIn(await h.say(clickOk(card)));
    }
    assert.deepEqual(
      asked,
      FIXTURE.flatMap((s) => s.checks).map((c) => en.t(`checks.${c.id}.title`)),
    );
    assert.deepEqual(summaries, [
      en.t('summary.title', { section: en.t('sections.configuration.title') }),
      en.t('summary.title', { section: 'Proxy and TLS' }),
      en.t('summary.caseTitle'),
    ]);
    const caseSummary = allText(cards[cards.length - 1]);
    assert.ok(caseSummary.includes('Proxy and TLS'), 'the case summary has a group for the extra section');
    assert.ok(
      !caseSummary.includes(en.t('checks.firewall.title')),
      'and none for a section outside the catalogue',
    );
  });

  it('what ends in the case summary is the section\'s "summary" property, not its id', async () => {
    const h = harness([getSection('configuration'), extraSection('case')]);
    let card = cardsIn(await h.say('9'))[0];
    card = cardsIn(await h.say(clickOk(card)))[0];
    const summary = cardsIn(await h.say(clickOk(card)))[0];
    assert.equal(heading(summary), en.t('summary.caseTitle'));
    const again = submitActions(summary).find((a) => a.title === en.t('summary.runAgain'));
    assert.deepEqual(again?.data.wb, { v: 1, a: 'start', s: EXTRA });
  });
});
