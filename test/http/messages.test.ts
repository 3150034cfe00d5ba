import assert from 'node:assert/strict';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const CLIENT_LOCALE: Record<string, string> = {
  en: 'en-US',
  lv: 'lv-LV',
  lt: 'lt-LT',
  sl: 'sl-SI',
  ro: 'ro-RO',
  'zh-CN': 'zh-CN',
};

function answerData(card: Card, answer: string): Record<string, unknown> {
  const action = submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).ans === answer);
  if (!action) throw new Error(`no ${answer} button`);
  return action.data;
}

describe('POST /api/messages with Teams-shaped activities', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await new BotHarness().start();
  });
  afterEach(async () => h.stop());

  it('welcomes once when the app is installed, whichever install event comes first', async () => {
    const c = h.conversation();
    const install = await h.send(c.installationAdd());
    assert.equal(install.status, 200);
    assert.equal(install.sent.length, 1);
    assert.match(allText(cardOf(install.sent[0])), new RegExp(localizer.for('en').t('welcome.runAll')));
    const added = await h.send(c.botAdded());
    assert.equal(added.sent.length, 0, 'no second welcome for the conversationUpdate of the same install');
  });

  it('answers a greeting with the welcome card and unknown text with the help card, never silence', async () => {
    const c = h.conversation();
    const hello = await h.send(c.message('hello'));
    assert.equal(cardOf(hello.sent[0]).body[0].text, localizer.for('en').t('welcome.title'));
    const gibberish = await h.send(c.message('my printer is on fire'));
    assert.equal(cardOf(gibberish.sent[0]).body[0].text, localizer.for('en').t('welcome.helpTitle'));
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: clicks through every check of all three sections with valid cards in that language`, async () => {
      const t = localizer.for(locale);
      const c = h.conversation({ locale: CLIENT_LOCALE[locale] });
      let turn = await h.send(c.submit({ wb: { v: 1, a: 'runAll' } }));
      for (const check of SECTIONS.flatMap((s) => s.checks)) {
        const cardActivity = turn.sent[turn.sent.length - 1];
        const card = cardOf(cardActivity);
        assert.deepEqual(cardProblems(card), [], check.id);
        assert.equal(card.body[1].text, t.t(`checks.${check.id}.title`));
        turn = await h.send(
          c.submit(answerData(card, 'ok'), typeof cardActivity.id === 'string' ? cardActivity.id : undefined),
        );
        assert.equal(turn.status, 200);
        assert.equal(turn.updates.length, 1, 'the answered card is updated in place');
        const compact = cardOf(turn.updates[0]);
        assert.equal(compact.actions, undefined, 'answered cards have no buttons');
        assert.match(
          String(compact.body[0].text),
          new RegExp(`^${t.t(`checks.${check.id}.title`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        );
      }
      const summary = cardOf(turn.sent[turn.sent.length - 1]);
      assert.equal(summary.body[0].text, t.t('summary.caseTitle'));
      assert.deepEqual(cardProblems(summary), []);
    });
  }

  it('updates the card that was answered (same activity id), and a second click on it changes nothing', async () => {
    const c = h.conversation();
    const first = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const card1 = first.sent[0];
    const click = answerData(cardOf(card1), 'skip');
    const answered = await h.send(c.submit(click));
    assert.equal(answered.updates[0].id, card1.id);
    const again = await h.send(c.submit(click));
    assert.equal(again.updates.length, 0);
    assert.equal(again.sent.length, 1);
    assert.equal(again.sent[0].text, localizer.for('en').t('notes.stale'));
    assert.equal(again.sent[0].attachments, undefined, 'no new card: the conversation stays where it was');
  });

  it('forged card data gets a polite localized note, in the user language', async () => {
    const c = h.conversation({ locale: 'lv-LV' });
    await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (const value of [
      { wb: { v: 1, a: 'answer', c: 'licensing', ans: 'ok', t: 'forged-token-0000' } },
      { wb: { v: 2, a: 'drop tables' } },
      { wb: 'x' },
      { foo: 1 },
    ]) {
      const turn = await h.send(c.submit(value));
      assert.equal(turn.status, 200);
      assert.deepEqual(
        turn.sent.map((a) => a.text),
        [localizer.for('lv').t('notes.stale')],
      );
    }
  });

  it('compares a typed Connect version: too old leads to the fix card with the reason', async () => {
    const c = h.conversation();
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const card = cardOf(turn.sent[0]);
    const compare = submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).a === 'version')!;
    turn = await h.send(c.submit({ ...compare.data, connectVersion: 'not a version' }));
    assert.match(String(turn.sent[0].text), /doesn't look like a version/);
    turn = await h.send(c.submit({ ...compare.data, connectVersion: '2.4.18.0' }));
    const fix = cardOf(turn.sent[0]);
    assert.match(allText(fix), /2\.4\.18\.0 is older than 2\.5\.79\.0/);
  });

  it('in a group chat answers only when @mentioned, with the mention stripped', async () => {
    const c = h.conversation({ conversationType: 'groupChat' });
    const ignored = await h.send(c.message('help'));
    assert.equal(ignored.status, 200);
    assert.equal(ignored.sent.length, 0);
    const mentioned = await h.send(c.mention('help'));
    assert.equal(cardOf(mentioned.sent[0]).body[0].text, localizer.for('en').t('welcome.helpTitle'));
  });

  it('answers an event ID typed in the middle of a section, and the section goes on', async () => {
    const c = h.conversation();
    const start = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    const event = await h.send(c.message('event 33004'));
    assert.match(allText(cardOf(event.sent[0])), /33004/);
    const next = await h.send(c.submit(answerData(cardOf(start.sent[0]), 'ok')));
    assert.equal(cardOf(next.sent[0]).body[1].text, localizer.for('en').t('checks.licensedAccounts.title'));
  });
});

describe('bad input over HTTP', () => {
  let h: BotHarness;
  before(async () => {
    h = await new BotHarness({ env: { MAX_BODY_BYTES: '4096' } }).start();
  });
  after(async () => h.stop());

  const cases: Array<[string, string, number]> = [
    ['malformed JSON', '{"type": "message", ', 400],
    ['an empty body', '', 400],
    ['a JSON array', '[]', 400],
    ['an object without type', '{"text":"hi"}', 400],
    ['a type that is not a string', '{"type": 42}', 400],
    ['an oversized body', JSON.stringify({ type: 'message', text: 'x'.repeat(10_000) }), 413],
  ];
  for (const [name, body, status] of cases) {
    it(`${name} → ${status}, and nothing is sent`, async () => {
      const before = h.connector.calls.length;
      const response = await h.postRaw(body);
      assert.equal(response.status, status);
      assert.equal(h.connector.calls.length, before);
    });
  }

  it('an activity type the bot does not handle is accepted and ignored (no 5xx)', async () => {
    const c = h.conversation();
    const response = await h.postRaw(JSON.stringify({ ...c.message(''), type: 'typing' }));
    assert.ok(response.status < 300, String(response.status));
  });

  it('GET /healthz answers ok', async () => {
    const response = await fetch(`${h.baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });
});
