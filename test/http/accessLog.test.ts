import assert from 'node:assert/strict';
import { captureLogs, type CapturedLog } from '../proactive/support/logCapture';
import { BotHarness } from '../support/botHarness';

const INFO = 30;
const DEBUG = 20;

describe('the access log line (msg "http")', () => {
  for (const level of ['info', 'debug'] as const) {
    describe(`at LOG_LEVEL=${level}`, () => {
      let h: BotHarness;
      let lines: CapturedLog[];
      before(async () => {
        const captured = captureLogs(level);
        lines = captured.lines;
        h = await new BotHarness({ logger: captured.logger }).start();
      });
      after(async () => h.stop());

      const accessLines = async (request: () => Promise<Response>) => {
        const before = lines.length;
        await (await request()).arrayBuffer();
        // restify emits 'after' once the response is written: give it that turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        return lines.slice(before).filter((line) => line.msg === 'http');
      };

      it('a refused request (400) is logged at info with its status, path and duration, never its body', async () => {
        const found = await accessLines(() =>
          h.postRaw(JSON.stringify({ ...h.conversation().message('secret words'), from: 'x' })),
        );
        assert.equal(found.length, 1);
        assert.equal(found[0].level, INFO);
        assert.deepEqual(
          { method: found[0].method, path: found[0].path, status: found[0].status },
          { method: 'POST', path: '/api/messages', status: 400 },
        );
        assert.equal(typeof found[0].ms, 'number');
        assert.ok(!JSON.stringify(found[0]).includes('secret words'));
      });

      it(`an answered turn (200) is ${level === 'debug' ? 'logged at debug' : 'not logged'}`, async () => {
        const found = await accessLines(() => h.postRaw(JSON.stringify(h.conversation().message('help'))));
        if (level === 'info') assert.deepEqual(found, []);
        else {
          assert.equal(found.length, 1);
          assert.equal(found[0].level, DEBUG);
          assert.equal(found[0].status, 200);
        }
      });
    });
  }
});
