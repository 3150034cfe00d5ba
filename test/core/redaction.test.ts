import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, routeConsoleToLogger } from '../../src/core/logger';
import { createRedactor, hashId } from '../../src/core/logRedaction';

const SECRET = 'Tst~Sup3rSecretValue-91';
const UPN = 'jane.doe@contoso-test.example';

/** A pino destination that keeps every line. */
function capture(): { stream: Writable; text: () => string; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = (): string => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('log redaction at any depth', () => {
  it('removes secrets, message text and names deep inside objects, arrays and errors; hashes ids', () => {
    const out = capture();
    const log = createLogger('trace', out.stream, { secrets: [SECRET] });
    const activity = {
      type: 'message',
      text: 'my password is hunter2',
      from: { id: `29:${UPN}`, name: 'Jane Doe', aadObjectId: 'aad-1234' },
      conversation: { id: 'a:conv-1', tenantId: 'tenant-1' },
    };
    const error = Object.assign(new Error(`token request for ${UPN} failed with ${SECRET}`), {
      dialogContext: { activity, stack: [{ state: { values: { deeper: { clientSecret: SECRET } } } }] },
    });
    log
      .child({ conversationKey: 'msteams:a:conv-1' })
      .error(
        { a: { b: { c: { d: { e: { password: SECRET, Authorization: 'Bearer abc.def.ghi' } } } } } },
        `failed for ${UPN}`,
      );
    log.info({ err: error, list: [activity, activity] }, 'turn failed');
    const text = out.text();
    for (const leaked of [SECRET, UPN, 'Jane Doe', 'hunter2', 'aad-1234', 'abc.def.ghi', 'a:conv-1']) {
      assert.ok(!text.includes(leaked), `${leaked} leaked: ${text}`);
    }
    const [first, second] = out.lines();
    assert.equal(first.conversationKey, hashId('msteams:a:conv-1'), 'ids are hashed: lines still correlate');
    assert.equal(first.msg, 'failed for [email]');
    const from = ((second.list as unknown[])[0] as { from: Record<string, unknown> }).from;
    assert.deepEqual(from, { id: hashId(`29:${UPN}`), name: '[redacted]', aadObjectId: hashId('aad-1234') });
    assert.match(String((second.err as { message: string }).message), /\[email\] failed with \[redacted\]/);
  });

  it('stays bounded: deep, wide and circular objects are cut, not walked forever', () => {
    const r = createRedactor();
    type Deep = { next?: Deep; n: number };
    let deep: Deep = { n: 0 };
    for (let i = 1; i < 50; i++) deep = { next: deep, n: i };
    const circular: Record<string, unknown> = { name: 'x' };
    circular.self = circular;
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const out = r.redact({ deep, circular, wide, long: Array.from({ length: 1000 }, (_, i) => i) });
    assert.match(JSON.stringify(out.deep), /\[too deep\]/);
    assert.deepEqual(out.circular, { name: '[redacted]', self: '[circular]' });
    assert.ok(Object.keys(out.wide).length <= 101);
    assert.equal(out.long.length, 51);
  });

  it('leaves what operators need: codes, statuses, tenant ids, durations, package names', () => {
    const r = createRedactor();
    const obj = { code: 'WB-STO-004', status: 503, tenantId: 't-1', ms: 12, pkg: '@azure/msal-node@7.2.3' };
    assert.deepEqual(r.redact(obj), obj);
  });
});

describe("libraries' console output", () => {
  it('goes into pino (scrubbed), not to the console', () => {
    const out = capture();
    const restore = routeConsoleToLogger(createLogger('debug', out.stream, { secrets: [SECRET] }));
    try {
      // eslint-disable-next-line no-console -- what botbuilder's CloudAdapter does on a failed request
      console.error(new Error(`Unauthorized for ${UPN}: ${SECRET}`));
      // eslint-disable-next-line no-console
      console.log('Activity Log:', { text: 'hello' });
    } finally {
      restore();
    }
    const lines = out.lines();
    assert.equal(lines.length, 2);
    assert.equal(lines[0].level, 40);
    assert.equal(lines[0].output, 'Error: Unauthorized for [email]: [redacted]');
    assert.equal(lines[1].level, 20);
  });
});
