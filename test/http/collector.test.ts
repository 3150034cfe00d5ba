import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collectorCommand, COLLECTOR_PATH } from '../../src/troubleshooting/collector';
import { parseConfig, redactedSummary } from '../../src/config';
import { COLLECTOR_SCRIPT_FILE } from '../../src/http/collectorScript';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf } from '../support/botHarness';
import { cardProblems } from '../support/validateCard';
import * as F from '../paste/readers/fixtures';
import { consoleSession, SESSION_PROBLEMS } from '../paste/readers/sessions';

const lv = new Localizer().for('lv');
const en = new Localizer().for('en');
const URL = `https://writeback-bot.example.com${COLLECTOR_PATH}`;

describe('GET /diagnostics/Get-WritebackDiagnostics.ps1', () => {
  let h: BotHarness;
  before(async () => {
    h = await new BotHarness({ env: { BOT_DOMAIN: 'writeback-bot.example.com' } }).start();
  });
  after(async () => h.stop());

  it('serves the script as text/plain UTF-8 with a BOM, with the security headers of every answer', async () => {
    const response = await fetch(`${h.baseUrl}${COLLECTOR_PATH}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(body.subarray(3).toString('utf8'), readFileSync(COLLECTOR_SCRIPT_FILE, 'utf8'));
  });

  it('anything but GET is 405, and no other file is served from there', async () => {
    const post = await fetch(`${h.baseUrl}${COLLECTOR_PATH}`, { method: 'POST' });
    assert.equal(post.status, 405);
    for (const path of [
      '/diagnostics/',
      '/diagnostics/../package.json',
      '/diagnostics/Get-WritebackDiagnostics.ps1.bak',
    ])
      assert.equal((await fetch(`${h.baseUrl}${path}`)).status, 404, path);
  });

  it('the welcome card offers the collector with the one line that downloads and runs it', async () => {
    const turn = await h.send(h.conversation().message('hello'));
    const card = cardOf(turn.sent[0]);
    assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
    const command = JSON.stringify(card).includes(JSON.stringify(collectorCommand(URL)).slice(1, -1));
    assert.ok(command, 'the command line is on the card');
    assert.ok(allText(card).includes(en.t('collector.hint')));
  });

  it('Connectivity offers it on its first check, and only there', async () => {
    const c = h.conversation();
    const start = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const first = cardOf(start.sent[start.sent.length - 1]);
    assert.ok(allText(first).includes(en.t('collector.title')));
    const ok = (first.actions ?? []).find((a) => JSON.stringify(a).includes('"ans":"ok"')) as {
      data: Record<string, unknown>;
    };
    const next = await h.send(c.submit(ok.data, String(start.sent[start.sent.length - 1].id)));
    assert.ok(!allText(cardOf(next.sent[next.sent.length - 1])).includes(en.t('collector.title')));
  });

  it('a whole session pasted as Teams rich text in a Latvian chat gets one diagnosis card in Latvian', async () => {
    const c = h.conversation({ locale: 'lv-LV' });
    const text = consoleSession(SESSION_PROBLEMS);
    const turn = await h.send({
      ...c.message(text.replace(/\s+/g, ' ')),
      attachments: [{ contentType: 'text/html', content: F.asTeamsHtml(text) }],
    });
    assert.equal(turn.sent.length, 1);
    const card = cardOf(turn.sent[0]);
    assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
    assert.equal(card.body[0].text, lv.t('diagnosis.title'));
    assert.ok(allText(card).includes(lv.t('paste.scheduler.stagingTitle')));
  });
});

describe('BOT_DOMAIN: where the collector is offered from', () => {
  it('https on the bot domain; loopback in local mode; not offered without a host', () => {
    assert.equal(parseConfig({ BOT_DOMAIN: 'writeback-bot.example.com' }).collectorUrl, URL);
    assert.equal(
      parseConfig({ BOT_DOMAIN: 'localhost', PORT: '3978' }).collectorUrl,
      `http://127.0.0.1:3978${COLLECTOR_PATH}`,
    );
    assert.equal(parseConfig({ PORT: '0' }).collectorUrl, undefined);
    assert.equal(redactedSummary(parseConfig({ PORT: '0' })).collectorUrl, '(not offered)');
    for (const bad of ['https://bot.example.com', 'bot.example.com/x', 'bot example.com'])
      assert.throws(() => parseConfig({ BOT_DOMAIN: bad }), /BOT_DOMAIN/, bad);
  });
});
