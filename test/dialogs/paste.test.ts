import assert from 'node:assert/strict';
import { Localizer } from '../../src/i18n/translator';
import { submitActions, type Card } from '../support/botHarness';
import { cardsIn, DialogHarness, textsIn } from '../support/dialogHarness';
import { cardProblems } from '../support/validateCard';
import * as F from '../paste/readers/fixtures';

const localizer = new Localizer();
const en = localizer.for('en');

const title = (card: Card): unknown => card.body[1]?.text;
const firstLine = (card: Card): string => String(card.body[0]?.text);
const json = (card: Card): string => JSON.stringify(card);
const click = (card: Card, ans: string): Record<string, unknown> =>
  submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).ans === ans)!.data;

async function start(h: DialogHarness, section: string): Promise<Card> {
  return cardsIn(await h.say({ wb: { v: 1, a: 'start', s: section } }))[0];
}

function valid(cards: Card[]): void {
  for (const card of cards) assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
}

describe('pasted output in the dialogs', () => {
  it('with no section running, a failed Test-NetConnection gets a ✗ verdict that names the host and port', async () => {
    const h = new DialogHarness();
    const cards = cardsIn(await h.say(F.TNC_BLOCKED_51));
    assert.equal(cards.length, 1);
    valid(cards);
    assert.match(firstLine(cards[0]), /^✗ /);
    assert.match(firstLine(cards[0]), /ssprdedicatedsbprodfra-1\.servicebus\.windows\.net/);
    assert.match(firstLine(cards[0]), /443/);
    assert.ok(
      json(cards[0]).includes(
        en.t('paste.tnc.role.serviceBus', { host: 'ssprdedicatedsbprodfra-1.servicebus.windows.net' }),
      ),
    );
  });

  it('Get-ADSyncScheduler from a staging server says why writeback cannot work there', async () => {
    const h = new DialogHarness();
    const [card] = cardsIn(await h.say(F.SCHEDULER_STAGING_51));
    assert.equal(firstLine(card), `✗ ${en.t('paste.scheduler.stagingTitle')}`);
    assert.ok(json(card).includes(en.t('paste.scheduler.stagingMeaning')));
    assert.ok(json(card).includes('how-to-connect-sync-staging-server'));
  });

  it('an Event Viewer entry pasted in the middle of Connectivity is explained and the section continues at the same card', async () => {
    const h = new DialogHarness();
    const versionCard = await start(h, 'connectivity');
    assert.equal(title(versionCard), en.t('checks.connectVersion.title'));
    const replies = await h.say(F.EVENT_VIEWER_33004);
    const [verdict] = cardsIn(replies);
    assert.equal(cardsIn(replies).length, 1, 'only the verdict, no new check card');
    assert.match(firstLine(verdict), /^✗ Event 33004 · PasswordResetService/);
    assert.ok(json(verdict).includes(en.t('events.e33004.meaning')));
    const next = cardsIn(await h.say(click(versionCard, 'ok')));
    assert.equal(title(next[next.length - 1]), en.t('checks.firewall.title'));
  });

  it('a pasted version answers the version check on screen: the fix card follows, the summary marks it as pasted', async () => {
    const h = new DialogHarness();
    await start(h, 'connectivity');
    const replies = await h.say(F.VERSION_COMMAND);
    const cards = cardsIn(replies);
    valid(cards);
    assert.match(firstLine(cards[0]), /^✗ Microsoft Entra Connect 2\.4\.18\.0/);
    assert.ok(
      json(cards[0]).includes(
        en.t('paste.recorded', {
          check: en.t('checks.connectVersion.title'),
          status: en.t('card.status.notOk'),
        }),
      ),
    );
    const fix = cards[cards.length - 1];
    assert.equal(title(fix), en.t('card.fixTitle', { check: en.t('checks.connectVersion.title') }));
    assert.ok(json(fix).includes(en.t('version.retired', { version: '2.4.18.0' })));
    let next = cardsIn(await h.say(click(fix, 'moveOn')));
    for (const check of ['firewall', 'idleTimeout', 'tls12']) {
      assert.equal(title(next[next.length - 1]), en.t(`checks.${check}.title`));
      next = cardsIn(await h.say(click(next[next.length - 1], 'ok')));
    }
    const summary = json(next[next.length - 1]);
    assert.ok(
      summary.includes(`${en.t('checks.connectVersion.title')} (2.4.18.0 · ${en.t('paste.fromPaste')})`),
    );
  });

  it('a paste for a later check is recorded; that check opens on its fix card, and nothing of the section is lost', async () => {
    const h = new DialogHarness();
    const versionCard = await start(h, 'connectivity');
    const [verdict, ...rest] = cardsIn(await h.say(F.TNC_BLOCKED_PS7_ANSI));
    assert.equal(rest.length, 0);
    assert.ok(
      json(verdict).includes(
        en.t('paste.recordedLater', {
          check: en.t('checks.firewall.title'),
          status: en.t('card.status.notOk'),
        }),
      ),
    );
    const next = cardsIn(await h.say(click(versionCard, 'ok')));
    const fix = next[next.length - 1];
    assert.equal(title(fix), en.t('card.fixTitle', { check: en.t('checks.firewall.title') }));
    assert.ok(json(fix).includes('passwordreset.microsoftonline.com'));
    // "Check again" shows the check card itself, not the pasted answer once more.
    const again = cardsIn(await h.say(click(fix, 'retry'))).pop()!;
    assert.equal(title(again), en.t('checks.firewall.title'));
    const idle = cardsIn(await h.say(click(again, 'ok')));
    assert.equal(title(idle[idle.length - 1]), en.t('checks.idleTimeout.title'));
  });

  it('a good TLS paste for a later check skips that check as answered, marked as pasted in the summary', async () => {
    const h = new DialogHarness();
    let card = await start(h, 'connectivity');
    await h.say(F.TLS_NET_BOTH_OK);
    for (const check of ['connectVersion', 'firewall', 'idleTimeout']) {
      assert.equal(title(card), en.t(`checks.${check}.title`));
      const next = cardsIn(await h.say(click(card, 'ok')));
      card = next[next.length - 1];
    }
    assert.equal(card.body[0].text, en.t('summary.title', { section: en.t('sections.connectivity.title') }));
    assert.ok(json(card).includes(`${en.t('checks.tls12.title')} (${en.t('paste.fromPaste')})`));
  });

  it('a sync still running during the full-sync check is a ⚠ with the reminder offer; nothing is recorded', async () => {
    const h = new DialogHarness();
    let card = await start(h, 'configuration');
    while (title(card) !== en.t('checks.fullSync.title')) {
      const next = cardsIn(await h.say(click(card, 'ok')));
      card = next[next.length - 1];
    }
    const replies = await h.say(F.SCHEDULER_RUNNING_PS7);
    const [verdict] = cardsIn(replies);
    assert.equal(cardsIn(replies).length, 1);
    assert.match(firstLine(verdict), /^⚠ /);
    assert.ok(json(verdict).includes('"a":"remind"'));
    // The full-sync card still answers, and the summary shows the click, not the paste.
    const summary = cardsIn(await h.say(click(card, 'ok'))).pop()!;
    assert.equal(
      summary.body[0].text,
      en.t('summary.title', { section: en.t('sections.configuration.title') }),
    );
    assert.ok(!json(summary).includes(en.t('paste.fromPaste')));
  });

  it('a good paste on the fix card of the same check ends the fix as OK; an inconclusive one changes nothing', async () => {
    const h = new DialogHarness();
    let card = await start(h, 'connectivity');
    while (title(card) !== en.t('checks.tls12.title')) card = cardsIn(await h.say(click(card, 'ok'))).pop()!;
    const fix = cardsIn(await h.say(click(card, 'notOk'))).pop()!;
    assert.equal(title(fix), en.t('card.fixTitle', { check: en.t('checks.tls12.title') }));
    // A reachable host says nothing about TLS: only the verdict, the fix card stays current.
    assert.equal(cardsIn(await h.say(F.TNC_OK_51)).length, 1);
    const replies = cardsIn(await h.say(F.TLS_NET_BOTH_OK));
    assert.match(firstLine(replies[0]), /^✓ /);
    const summary = replies.pop()!;
    assert.equal(
      summary.body[0].text,
      en.t('summary.title', { section: en.t('sections.connectivity.title') }),
    );
    assert.ok(json(summary).includes(`${en.t('checks.tls12.title')} (${en.t('paste.fromPaste')})`));
  });

  it('a version on its own gets a verdict when no section runs; on the version check it is typed input as before', async () => {
    const h = new DialogHarness();
    const [verdict] = cardsIn(await h.say('2.4.18.0'));
    assert.match(firstLine(verdict), /^✗ Microsoft Entra Connect 2\.4\.18\.0/);
    await start(h, 'connectivity');
    const replies = cardsIn(await h.say('2.5.79.0'));
    assert.equal(replies.length, 1);
    assert.equal(title(replies[0]), en.t('checks.firewall.title'));
  });

  it('output it cannot read gets a short note of what it can read; a sentence is not output', async () => {
    const h = new DialogHarness();
    const card = await start(h, 'connectivity');
    const note = await h.say('Name        : ADSync\nStatus      : Running\nStartType   : Automatic');
    assert.deepEqual(textsIn(note), [en.t('paste.unreadable')]);
    assert.equal(cardsIn(note).length, 0);
    const thanks = cardsIn(await h.say('thanks, all good now'));
    assert.equal(thanks[0].body[0].text, en.t('welcome.helpTitle'));
    assert.doesNotMatch(firstLine(thanks[0]), /^[✓✗⚠]/);
    const next = cardsIn(await h.say(click(card, 'ok')));
    assert.equal(title(next[next.length - 1]), en.t('checks.firewall.title'));
  });

  it('pasted event IDs go into the case summary like typed ones', async () => {
    const h = new DialogHarness();
    let card = await start(h, 'stillNotWorking');
    await h.say(F.EVENTS_MANY_LIST);
    card = cardsIn(await h.say(click(card, 'ok'))).pop()!;
    const summary = cardsIn(await h.say(click(card, 'ok'))).pop()!;
    assert.equal(summary.body[0].text, en.t('summary.caseTitle'));
    assert.ok(json(summary).includes(`${en.t('summary.eventsLooked')}: 31019, 32002, 31015`));
  });

  it('6329 with 0x8023061f offers to re-enable writeback', async () => {
    const h = new DialogHarness();
    const [card] = cardsIn(await h.say(F.EVENT_6329_FOREST_LIST));
    assert.ok(json(card).includes(en.t('paste.event.hrForestAction')));
    assert.ok(
      submitActions(card).some((a) => (a.data.wb as Record<string, unknown>).s === 'stillNotWorking'),
    );
  });
});
