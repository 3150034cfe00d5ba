import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/core/logger';
import { Localizer } from '../../src/i18n/translator';
import { BotHarness, cardOf, submitActions } from '../support/botHarness';
import { buildActivity, fuzzCase } from '../support/fuzzActivities';
import { fuzzSettings } from '../support/fuzzSettings';
import type { TeamsConversation } from '../support/teams';

const en = new Localizer().for('en');

/** A logged failure as its message and the first frames of its stack (what to fix, where). */
function summarise(line: string): string {
  const { err, msg } = JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } };
  const frames = (err?.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((f) => f.trim());
  return [msg, err?.message, ...frames].join(' | ');
}

/**
 * Mutated Teams activities against the real app (createApp + restify on 127.0.0.1 + the fake connector),
 * in local mode, with the embedded SQLite state. Longer runs: see test/support/fuzzSettings.ts.
 */
describe('fuzz: mutated Teams activities at /api/messages', function () {
  const settings = fuzzSettings();
  this.timeout(60_000 + settings.runs * 500);
  let h: BotHarness;
  let dataDir: string;
  let pool: TeamsConversation[];
  let stopped = false;
  const rejections: unknown[] = [];
  const errorLines: string[] = [];
  const errorSink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      errorLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-fuzz-'));
    h = await new BotHarness({ dataDir, logger: createLogger('error', errorSink) }).start();
    pool = [
      h.conversation(),
      h.conversation({ locale: 'lv-LV' }),
      h.conversation({ conversationType: 'groupChat' }),
      h.conversation({ conversationType: 'channel' }),
      h.conversation({ locale: 'zh-CN', timezone: 'Asia/Shanghai' }),
      h.conversation({ locale: 'ro-RO' }),
    ];
    process.on('unhandledRejection', onRejection);
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    if (!stopped) await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`never answers 5xx (except 501 for an unknown invoke); the bot keeps working`, async () => {
    // The seed is printed so that a failing run can be replayed with FUZZ_SEED.
    const statuses = new Map<number, number>();
    process.stdout.write(`      fuzz: ${settings.runs} cases, FUZZ_SEED=${settings.seed}\n`);
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (fuzz) => {
        const activity = buildActivity(fuzz, pool);
        const response = await h.postRaw(JSON.stringify(activity));
        const body = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const allowed = response.status < 500 || (response.status === 501 && activity.type === 'invoke');
        assert.ok(
          allowed,
          `status ${response.status} for ${JSON.stringify(activity).slice(0, 600)}: ${body}`,
        );
        assert.doesNotMatch(body, /\n\s+at /, 'no stack in an answer');
      }),
      { numRuns: settings.runs, seed: settings.seed, endOnFailure: true },
    );

    process.stdout.write(`      fuzz: answers ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    assert.deepEqual(rejections, [], 'no unhandled rejections');
    const failures = [...new Set(errorLines.map(summarise))];
    assert.deepEqual(failures, [], 'no turn fails (the user would see an error note)');
    assert.equal((await fetch(`${h.baseUrl}/healthz`)).status, 200);

    // A normal conversation still works.
    const c = h.conversation();
    const hello = await h.send(c.message('hello'));
    assert.equal(hello.sent.length, 1, JSON.stringify(hello));
    assert.equal(cardOf(hello.sent[0]).body[0].text, en.t('welcome.title'));
    const start = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const first = cardOf(start.sent[start.sent.length - 1]);
    const ok = submitActions(first).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok');
    assert.ok(ok, 'the check card has an OK button');
    const next = await h.send(c.submit(ok.data));
    assert.equal(next.status, 200);
    assert.equal(next.updates.length, 1, 'the answered card is updated');
  });

  it('leaves stored state that parses', async () => {
    await h.stop();
    stopped = true;
    const db = new Database(join(dataDir, 'bot-state.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT key, value FROM bot_state').all() as Array<{
        key: string;
        value: string;
      }>;
      assert.ok(rows.length > 0);
      for (const row of rows) assert.doesNotThrow(() => JSON.parse(row.value) as unknown, row.key);
    } finally {
      db.close();
    }
  });
});
