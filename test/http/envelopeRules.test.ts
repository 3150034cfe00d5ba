import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkEnvelope, checkEnvelopeBySchema } from '../../src/http/envelope';
import { isSurelyValidEnvelope } from '../../src/http/envelopeRules';
import { buildActivity, fuzzCase } from '../support/fuzzActivities';
import { TeamsConversation } from '../support/teams';

const MODES = [
  { localMode: true, serviceUrl: 'http://127.0.0.1:3978/' },
  { localMode: false, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
] as const;

for (const { localMode, serviceUrl } of MODES) {
  describe(`the envelope's hand-written check (${localMode ? 'local mode' : 'authenticated'})`, () => {
    const pool = (['personal', 'groupChat', 'channel'] as const).map(
      (conversationType) => new TeamsConversation({ serviceUrl, conversationType }),
    );

    it('passes only envelopes the schema passes, and checkEnvelope answers exactly as the schema', () => {
      let passed = 0;
      fc.assert(
        fc.property(
          fc.oneof({ weight: 4, arbitrary: fuzzCase.map((c) => buildActivity(c, pool)) }, fc.anything()),
          (body) => {
            const schema = checkEnvelopeBySchema(body, { localMode });
            if (isSurelyValidEnvelope(body, localMode)) {
              passed++;
              assert.deepEqual(schema, { ok: true }, JSON.stringify(body).slice(0, 400));
            }
            assert.deepEqual(checkEnvelope(body, { localMode }), schema);
          },
        ),
        { numRuns: 4000 },
      );
      assert.ok(
        passed > 400,
        `the hand-written check passed ${passed} of the envelopes (it must carry the traffic)`,
      );
    });

    it('passes every kind of activity Teams sends the bot unchanged (the schema is then not run)', () => {
      const [personal, group, channel] = pool;
      const activities = [
        personal.message('help'),
        group.mention('start configuration'),
        channel.mention('help'),
        personal.submit({ wb: { v: 1, a: 'menu' } }, 'f:1'),
        group.execute('answer', { wb: { v: 1, a: 'answer' } }, 'f:2'),
        group.execute('refresh', { wb: { v: 1, a: 'refresh' } }, 'f:3', 'automatic'),
        personal.installationAdd(),
        personal.installationRemove(),
        group.botAdded(),
        group.botRemoved(),
      ];
      for (const activity of activities)
        assert.equal(isSurelyValidEnvelope(activity, localMode), true, JSON.stringify(activity));
    });

    it('leaves to the schema an envelope whose service URL the mode does not allow', () => {
      const activity = pool[0].message('help');
      activity.serviceUrl = localMode ? 'https://smba.trafficmanager.net/emea/' : 'http://127.0.0.1:3978/';
      assert.equal(isSurelyValidEnvelope(activity, localMode), false);
      assert.deepEqual(checkEnvelope(activity, { localMode }), { ok: false, fields: ['serviceUrl'] });
    });
  });
}
