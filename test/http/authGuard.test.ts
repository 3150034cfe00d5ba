import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { ErrorCodes } from '../../src/core/errors';
import { createAuthGuard } from '../../src/http/authGuard';
import { silentLogger } from '../../src/core/logger';

describe('authGuard', () => {
  const activity = { type: 'message', channelId: 'msteams' } as Activity;

  it('a metadata host that never answers → 503 after the timeout, not a request held forever', async () => {
    const hanging = { authenticateRequest: () => new Promise<never>(() => undefined) };
    const guard = createAuthGuard(hanging, silentLogger(), { timeoutMs: 50 });
    const outcome = await guard(activity, 'Bearer x', 'c1');
    assert.deepEqual(outcome, { ok: false, status: 503, code: ErrorCodes.AUTH_UNAVAILABLE });
  });

  it('an error the SDK does not classify → 401 (never 500)', async () => {
    const odd = { authenticateRequest: () => Promise.reject(new TypeError('x is undefined')) };
    const outcome = await createAuthGuard(odd, silentLogger())(activity, 'Bearer x', 'c2');
    assert.deepEqual(outcome, { ok: false, status: 401, code: ErrorCodes.UNAUTHORIZED });
  });
});
