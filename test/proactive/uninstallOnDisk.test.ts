import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import type { TeamsConversation } from '../support/teams';

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

/** Every file of the data directory (the databases, their -wal and -shm files), byte for byte. */
function filesOnDisk(dir: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

describe('uninstall leaves nothing of the conversation or the user on disk (SQLite files, raw bytes)', () => {
  let h: BotHarness;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-ondisk-'));
    h = await new BotHarness({ dataDir: dir }).start();
    h.app.startReminders();
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function use(c: TeamsConversation): Promise<void> {
    await h.send(c.installationAdd());
    await h.send(c.message('language lv'));
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++)
      turn = await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'remind', { choice: 'in1Hour' })));
  }

  it('after the personal app is uninstalled, no file holds its conversation id or its user’s ids', async () => {
    const c = h.conversation();
    const kept = h.conversation();
    await use(c);
    await use(kept);
    const ids = (conversation: TeamsConversation) => [
      conversation.conversationId.slice(2),
      conversation.user.id.slice(3),
      conversation.user.aadObjectId,
    ];
    const found = (id: string) => filesOnDisk(dir).filter((f) => f.bytes.includes(Buffer.from(id, 'utf8')));
    for (const id of ids(c)) assert.ok(found(id).length > 0, `${id} is on disk while installed`);

    assert.equal((await h.send(c.installationRemove())).status, 200);

    for (const id of ids(c))
      assert.deepEqual(
        found(id).map((f) => f.name),
        [],
        `${id} is still in the bytes of these files after uninstall`,
      );
    for (const id of ids(kept)) assert.ok(found(id).length > 0, 'another user’s installation is kept');
  });
});
