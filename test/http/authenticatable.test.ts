import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { checkAuthenticatable } from '../../src/http/envelope';

/** The zod form the hand check replaced: the same answer and the same field paths for any body. */
const asZodSaidIt = z.looseObject({
  channelId: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
});

function zodAnswer(body: unknown): { ok: boolean; fields?: string[] } {
  const result = asZodSaidIt.safeParse(body);
  if (result.success) return { ok: true };
  return {
    ok: false,
    fields: [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(root)'))],
  };
}

describe('envelope before authentication (channelId, serviceUrl)', () => {
  const field = fc.oneof(
    fc.string({ maxLength: 70 }),
    fc.string({ minLength: 2040, maxLength: 2060 }),
    fc.constant(''),
    fc.integer(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  );
  it('answers as the zod schema did, with the same field paths', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record(
            { type: fc.constant('message'), channelId: field, serviceUrl: field },
            { requiredKeys: ['type'] },
          ),
          fc.anything(),
        ),
        (body) => {
          const ours = checkAuthenticatable(body);
          assert.deepEqual(ours.ok ? { ok: true } : { ok: false, fields: ours.fields }, zodAnswer(body));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
