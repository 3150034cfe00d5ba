import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { submitActions, type Card } from '../support/botHarness';
import { cardsIn, DialogHarness } from '../support/dialogHarness';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');

const texts = (replies: Array<Partial<Activity>>): string[] =>
  replies.map((r) => r.text).filter((t): t is string => typeof t === 'string');
const title = (card: Card): unknown => card.body[1]?.text;
const ok = (card: Card): Record<string, unknown> =>
  submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok')!.data;

async function inConfiguration(h: DialogHarness): Promise<Card> {
  return cardsIn(await h.say({ wb: { v: 1, a: 'start', s: 'configuration' } }))[0];
}

describe('interruptions at any step', () => {
  it('help shows where the admin is, and the same card still answers', async () => {
    const h = new DialogHarness();
    const card = await inConfiguration(h);
    const help = cardsIn(await h.say('help'))[0];
    const inSection = en.t('welcome.inSection', {
      section: en.t('sections.configuration.title'),
      n: 1,
      m: 8,
    });
    assert.ok(JSON.stringify(help).includes(inSection));
    const next = cardsIn(await h.say(ok(card)))[0];
    assert.equal(title(next), en.t('checks.licensedAccounts.title'));
  });

  it('an event ID typed mid-section is explained and the section resumes', async () => {
    const h = new DialogHarness();
    const card = await inConfiguration(h);
    const event = cardsIn(await h.say('6329'))[0];
    assert.ok(JSON.stringify(event).includes('0x8023061f'));
    assert.equal(title(cardsIn(await h.say(ok(card)))[0]), en.t('checks.licensedAccounts.title'));
  });

  it('language lv mid-section answers in Latvian and re-sends the current card in Latvian; the old card is stale', async () => {
    const h = new DialogHarness();
    const card = await inConfiguration(h);
    const replies = await h.say('language lv');
    assert.deepEqual(texts(replies), [lv.t('notes.languageSet')]);
    const resent = cardsIn(replies)[0];
    assert.equal(title(resent), lv.t('checks.licensing.title'));
    assert.deepEqual(texts(await h.say(ok(card))), [lv.t('notes.stale')]);
    assert.equal(title(cardsIn(await h.say(ok(resent)))[0]), lv.t('checks.licensedAccounts.title'));
  });

  it('the language chosen on the welcome card sticks for later turns', async () => {
    const h = new DialogHarness();
    await h.say({ wb: { v: 1, a: 'language' }, language: 'zh-CN' });
    const welcome = cardsIn(await h.say('menu'))[0];
    assert.equal(welcome.body[0].text, localizer.for('zh-CN').t('welcome.title'));
  });

  it('an unknown language changes nothing and lists the supported ones', async () => {
    const h = new DialogHarness();
    const [note] = texts(await h.say('language de'));
    assert.match(note, /de/);
    assert.match(note, /lv \(Latviešu\)/);
    const welcome = cardsIn(await h.say('hi'))[0];
    assert.equal(welcome.body[0].text, en.t('welcome.title'));
  });

  it('cancel stops the section; a click on its card afterwards is stale', async () => {
    const h = new DialogHarness();
    const card = await inConfiguration(h);
    assert.deepEqual(texts(await h.say('cancel')), [en.t('notes.cancelled')]);
    assert.deepEqual(texts(await h.say(ok(card))), [en.t('notes.stale')]);
    assert.deepEqual(texts(await h.say('cancel')), [en.t('notes.nothingToCancel')]);
  });

  it('restart starts the current section again from its first check', async () => {
    const h = new DialogHarness();
    const first = await inConfiguration(h);
    await h.say(ok(first));
    const replies = await h.say('restart');
    assert.deepEqual(texts(replies), [
      en.t('notes.restarting', { section: en.t('sections.configuration.title') }),
    ]);
    assert.equal(title(cardsIn(replies)[0]), en.t('checks.licensing.title'));
  });

  it('commands work in the user language, accents optional (lv)', async () => {
    const h = new DialogHarness('lv-LV');
    const help = lv.list('commands.help')[0];
    const folded = help.normalize('NFKD').replace(/\p{M}/gu, '');
    for (const word of [help, folded, `${help}?`]) {
      const card = cardsIn(await h.say(word))[0];
      assert.equal(card.body[0].text, lv.t('welcome.helpTitle'), word);
    }
  });

  it('a typed version on the Connect version check is compared like the card input', async () => {
    const h = new DialogHarness();
    cardsIn(await h.say({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const next = cardsIn(await h.say('2.5.79.0'))[0];
    assert.equal(title(next), en.t('checks.firewall.title'));
  });

  it('menu mid-section ends it and shows the welcome card', async () => {
    const h = new DialogHarness();
    const card = await inConfiguration(h);
    const welcome = cardsIn(await h.say('menu'))[0];
    assert.equal(welcome.body[0].text, en.t('welcome.title'));
    assert.deepEqual(texts(await h.say(ok(card))), [en.t('notes.stale')]);
  });
});
