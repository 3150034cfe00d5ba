import assert from 'node:assert/strict';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, submitActions } from '../support/botHarness';
import { cardProblems } from '../support/validateCard';
import * as F from '../paste/readers/fixtures';

const localizer = new Localizer();
const lv = localizer.for('lv');

/** A rich-text message as Teams posts it: `text` flattened, the HTML with its line breaks as an attachment. */
function richText(activity: Record<string, unknown>, plain: string): Record<string, unknown> {
  return {
    ...activity,
    text: plain.replace(/\s+/g, ' '),
    textFormat: 'plain',
    attachments: [{ contentType: 'text/html', content: F.asTeamsHtml(plain) }],
  };
}

describe('POST /api/messages: pasted command output', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await new BotHarness().start();
  });
  afterEach(async () => h.stop());

  it('a failed Test-NetConnection pasted into a Latvian chat gets a ✗ verdict in Latvian naming the host and port', async () => {
    const c = h.conversation({ locale: 'lv-LV' });
    const turn = await h.send(richText(c.message(''), F.TNC_BLOCKED_51));
    assert.equal(turn.status, 200);
    assert.equal(turn.sent.length, 1);
    const card = cardOf(turn.sent[0]);
    assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
    const host = 'ssprdedicatedsbprodfra-1.servicebus.windows.net';
    assert.equal(card.body[0].text, `✗ ${lv.t('paste.tnc.blockedTitle', { host, port: 443 })}`);
    assert.match(String(card.body[0].text), /ports 443/);
    const text = allText(card);
    assert.ok(text.includes(lv.t('paste.tnc.blockedMeaning', { host, port: 443 })));
    assert.ok(text.includes(lv.t('paste.tnc.role.serviceBus', { host })));
    assert.ok(text.includes(lv.t('paste.tnc.blockedAction', { host, port: 443 })));
  });

  it('an Event Viewer entry pasted in the middle of Connectivity is explained; the same card then goes on', async () => {
    const en = localizer.for('en');
    const c = h.conversation();
    const start = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const checkActivity = start.sent[start.sent.length - 1];
    const check = cardOf(checkActivity);
    assert.equal(check.body[1].text, en.t('checks.connectVersion.title'));
    const pasted = await h.send(richText(c.message(''), F.EVENT_VIEWER_33004));
    assert.equal(pasted.sent.length, 1);
    assert.equal(pasted.updates.length, 0, 'the check card is left as it is');
    assert.match(String(cardOf(pasted.sent[0]).body[0].text), /^✗ Event 33004 · PasswordResetService$/);
    const ok = submitActions(check).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok')!;
    const next = await h.send(c.submit(ok.data, String(checkActivity.id)));
    assert.equal(cardOf(next.sent[next.sent.length - 1]).body[1].text, en.t('checks.firewall.title'));
  });

  it('plain text with CRLF works the same, and a sentence still gets the help card', async () => {
    const c = h.conversation({ locale: 'lv-LV' });
    const turn = await h.send(c.message(F.withCrlf(F.SCHEDULER_STAGING_51)));
    assert.equal(cardOf(turn.sent[0]).body[0].text, `✗ ${lv.t('paste.scheduler.stagingTitle')}`);
    const thanks = await h.send(c.message('paldies, tagad viss strādā'));
    assert.equal(cardOf(thanks.sent[0]).body[0].text, lv.t('welcome.helpTitle'));
  });

  it('in a channel, output pasted with an @mention is read; without a mention the bot stays silent', async () => {
    const c = h.conversation({ conversationType: 'channel' });
    const silent = await h.send(c.message(F.TNC_OK_51));
    assert.equal(silent.sent.length, 0);
    const mentioned = await h.send(c.mention(F.RUN_STATUS_BUSY));
    const card = cardOf(mentioned.sent[0]);
    assert.match(String(card.body[0].text), /^⚠ /);
    assert.ok(submitActions(card).some((a) => (a.data.wb as Record<string, unknown>).a === 'remind'));
  });

  it('an oversized paste is cut, read, and answered without an error', async () => {
    const c = h.conversation();
    // Under the envelope's text bound (src/http/envelope.ts), over the 20,000 characters the reader takes.
    const big = `${F.TNC_BLOCKED_51}\n${'x'.repeat(35_000)}`;
    const turn = await h.send(c.message(big));
    assert.equal(turn.status, 200);
    assert.match(String(cardOf(turn.sent[0]).body[0].text), /^✗ /);
  });
});
