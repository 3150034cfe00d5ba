import assert from 'node:assert/strict';
import sinon from 'sinon';
import { abortable, deadline, sleep } from '../../src/core/abortable';

describe('sleep, abortable and deadline (src/core/abortable.ts)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('sleep waits on the (fake) clock and stops early with the signal reason', async () => {
    let done = false;
    const waiting = sleep(1_000).then(() => (done = true));
    await clock.tickAsync(999);
    assert.equal(done, false);
    await clock.tickAsync(1);
    await waiting;
    assert.equal(done, true);

    const controller = new AbortController();
    const stopped = sleep(60_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await assert.rejects(stopped, /shutting down/);
    assert.equal(clock.countTimers(), 0, 'the timer is cleared');
    await assert.rejects(sleep(10, controller.signal), /shutting down/, 'an aborted signal rejects at once');
  });

  it('abortable passes the result or the failure through, or rejects when the signal aborts first', async () => {
    assert.equal(await abortable(Promise.resolve(7), new AbortController().signal), 7);
    await assert.rejects(abortable(Promise.reject(new Error('boom')), new AbortController().signal), /boom/);
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = abortable(never, controller.signal);
    controller.abort(new Error('gave up'));
    await assert.rejects(waiting, /gave up/);
  });

  it('deadline aborts with its own reason after ms, with the parent reason when the parent aborts first', async () => {
    const own = deadline(500, () => new Error('took longer than 500 ms'));
    await clock.tickAsync(499);
    assert.equal(own.signal.aborted, false);
    await clock.tickAsync(1);
    assert.match(String(own.signal.reason), /took longer than 500 ms/);

    const parent = new AbortController();
    const child = deadline(500, () => new Error('timeout'), parent.signal);
    parent.abort(new Error('caller cancelled'));
    assert.match(String(child.signal.reason), /caller cancelled/);
    child.dispose();
    assert.equal(clock.countTimers(), 0, 'dispose clears the timer');
  });
});
