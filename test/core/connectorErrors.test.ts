import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { MessageFactory } from 'botbuilder';
import { ErrorCodes } from '../../src/core/errors';
import { createLogger } from '../../src/core/logger';
import { hashId } from '../../src/core/logRedaction';
import { BotHarness } from '../support/botHarness';
import type { TeamsConversation } from '../support/teams';

/** What the Bot Connector answers when it refuses a send: its message quotes the conversation path and the user. */
function connectorRefusal(c: TeamsConversation, status: number): { status: number; body: unknown } {
  const path = `/v3/conversations/${encodeURIComponent(c.conversationId)}/activities`;
  return {
    status,
    body: {
      error: {
        code: 'BadArgument',
        message: `Failed to send activity to ${path}: member ${c.user.id} of ${c.conversationId} is blocked`,
      },
    },
  };
}

describe('connector error bodies are logged through the redactor', () => {
  const lines: string[] = [];
  let h: BotHarness;
  before(async () => {
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await new BotHarness({ logger: createLogger('debug', sink) }).start();
  });
  after(async () => h.stop());
  beforeEach(() => {
    lines.length = 0;
  });

  function assertRedacted(c: TeamsConversation, expectedCode: string): void {
    const text = lines.join('');
    assert.match(
      text,
      /Failed to send activity to \/v3\/conversations\/h:/,
      'the connector’s message is still logged',
    );
    assert.match(text, new RegExp(expectedCode));
    for (const leaked of [c.conversationId, encodeURIComponent(c.conversationId), c.user.id]) {
      assert.ok(!text.includes(leaked), `${leaked} in clear: ${text}`);
    }
    assert.ok(text.includes(hashId(c.conversationId)), 'hashed, so the lines still correlate');
  }

  it('a reply refused inside a turn', async () => {
    const c = h.conversation();
    h.connector.failures = [connectorRefusal(c, 400)];
    const turn = await h.send(c.message('hello'));
    assert.equal(turn.status, 200);
    assert.ok(lines.some((l) => l.includes('"turn failed"')));
    assertRedacted(c, ErrorCodes.TURN_FAILED);
  });

  it('a proactive send refused (outbound sender)', async () => {
    const c = h.conversation();
    await h.send(c.message('hello'));
    lines.length = 0;
    h.connector.failures = [connectorRefusal(c, 400)];
    const result = await h.app.proactive.services.sender.send(`msteams:${c.conversationId}`, () =>
      MessageFactory.text('reminder'),
    );
    assert.equal(result.outcome, 'failed');
    assert.ok(lines.some((l) => l.includes('outbound send failed')));
    assertRedacted(c, ErrorCodes.SEND_FAILED);
  });
});
