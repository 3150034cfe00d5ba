import assert from 'node:assert/strict';
import { Localizer } from '../../src/i18n/translator';
import { submitActions, type Card } from '../support/botHarness';
import { cardsIn, DialogHarness } from '../support/dialogHarness';
import { cardProblems } from '../support/validateCard';
import { consoleSession, SESSION_HEALTHY, SESSION_PROBLEMS } from '../paste/readers/sessions';

const en = new Localizer().for('en');

const title = (card: Card): unknown => card.body[1]?.text;
const json = (card: Card): string => JSON.stringify(card);
const click = (card: Card, ans: string): Record<string, unknown> =>
  submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).ans === ans)!.data;
const last = (cards: Card[]): Card => cards[cards.length - 1];

describe('a pasted console session in the dialogs', () => {
  it('with nothing running: one diagnosis card; the next section opens a ✗ on its fix and records it as pasted', async () => {
    const h = new DialogHarness();
    const replies = cardsIn(await h.say(consoleSession(SESSION_PROBLEMS)));
    assert.equal(replies.length, 1, 'one card for the whole session');
    const [card] = replies;
    assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
    assert.equal(card.body[0].text, en.t('diagnosis.title'));
    assert.ok(json(card).includes(en.t('diagnosis.recorded', { count: 3 })));
    // The section of the first ✗ that decides a check, with the existing "start" payload.
    const start = submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).a === 'start')!;
    assert.deepEqual(start.data, { wb: { v: 1, a: 'start', s: 'connectivity' } });

    const first = last(cardsIn(await h.say(start.data)));
    assert.equal(title(first), en.t('card.fixTitle', { check: en.t('checks.connectVersion.title') }));
    assert.ok(json(first).includes(en.t('version.retired', { version: '2.4.18.0' })));
    const firewall = last(cardsIn(await h.say(click(first, 'moveOn'))));
    assert.equal(title(firewall), en.t('card.fixTitle', { check: en.t('checks.firewall.title') }));
    let next = last(cardsIn(await h.say(click(firewall, 'moveOn'))));
    for (const check of ['idleTimeout', 'tls12']) {
      assert.equal(title(next), en.t(`checks.${check}.title`));
      next = last(cardsIn(await h.say(click(next, 'ok'))));
    }
    const summary = json(next);
    assert.ok(
      summary.includes(`${en.t('checks.connectVersion.title')} (2.4.18.0 · ${en.t('paste.fromPaste')})`),
    );
    assert.ok(
      summary.includes(
        `${en.t('checks.firewall.title')} (ssprdedicatedsbprodfra-1.servicebus.windows.net:443 · ${en.t('paste.fromPaste')})`,
      ),
    );
  });

  it('a healthy session: its ✓ checks are skipped when the section runs, and the case file says from pasted output', async () => {
    const h = new DialogHarness();
    await h.say(consoleSession(SESSION_HEALTHY));
    const first = cardsIn(await h.say({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    assert.equal(
      title(last(first)),
      en.t('checks.idleTimeout.title'),
      'version and firewall were answered by the paste',
    );
    const tls = last(cardsIn(await h.say(click(last(first), 'ok'))));
    assert.equal(title(tls), en.t('checks.tls12.title'));
    const summary = json(last(cardsIn(await h.say(click(tls, 'ok')))));
    assert.ok(
      summary.includes(`${en.t('checks.connectVersion.title')} (2.5.79.0 · ${en.t('paste.fromPaste')})`),
    );
  });

  it('during a section: the check on screen takes its answer as a click, later ones wait for their turn', async () => {
    const h = new DialogHarness();
    const version = cardsIn(await h.say({ wb: { v: 1, a: 'start', s: 'connectivity' } }))[0];
    assert.equal(title(version), en.t('checks.connectVersion.title'));
    const replies = cardsIn(await h.say(consoleSession(SESSION_PROBLEMS)));
    assert.equal(replies[0].body[0].text, en.t('diagnosis.title'));
    assert.ok(json(replies[0]).includes(en.t('diagnosis.recordedRunning', { count: 3 })));
    assert.ok(!submitActions(replies[0]).some((a) => (a.data.wb as Record<string, unknown>).a === 'start'));
    const fix = last(replies);
    assert.equal(title(fix), en.t('card.fixTitle', { check: en.t('checks.connectVersion.title') }));
    const firewall = last(cardsIn(await h.say(click(fix, 'moveOn'))));
    assert.equal(title(firewall), en.t('card.fixTitle', { check: en.t('checks.firewall.title') }));
  });
});
