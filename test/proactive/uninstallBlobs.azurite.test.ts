import assert from 'node:assert/strict';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type AzuriteInstance } from '../support/azurite';
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

/** Every blob of the account: its container, name and content. */
async function everyBlob(connectionString: string): Promise<Array<{ where: string; text: string }>> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const blobs: Array<{ where: string; text: string }> = [];
  for await (const container of service.listContainers()) {
    const client = service.getContainerClient(container.name);
    for await (const blob of client.listBlobsFlat()) {
      const body = await client.getBlobClient(blob.name).downloadToBuffer();
      blobs.push({ where: `${container.name}/${blob.name}`, text: `${blob.name}\n${body.toString('utf8')}` });
    }
  }
  return blobs;
}

describe('uninstall in Blob mode: the blobs of the conversation and of its user are deleted (Azurite)', () => {
  let azurite: AzuriteInstance;
  let h: BotHarness;

  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
    h = await new BotHarness({
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      configuredStorage: true,
    }).start();
  });
  after(async () => {
    await h?.stop();
    await azurite?.stop();
  });

  async function use(c: TeamsConversation): Promise<void> {
    await h.send(c.installationAdd());
    await h.send(c.message('language lv'));
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++)
      turn = await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'remind', { choice: 'in1Hour' })));
  }

  it('no blob names or holds the conversation id or the user’s ids after uninstall', async function () {
    this.timeout(60_000);
    const c = h.conversation();
    const kept = h.conversation();
    await use(c);
    await use(kept);
    const ids = (x: TeamsConversation) => [x.conversationId.slice(2), x.user.id.slice(3), x.user.aadObjectId];
    const holding = async (id: string) =>
      (await everyBlob(azurite.connectionString)).filter((b) => b.text.includes(id)).map((b) => b.where);
    for (const id of ids(c)) assert.ok((await holding(id)).length > 0, `${id} is stored while installed`);
    assert.equal((await h.send(c.installationRemove())).status, 200);
    for (const id of ids(c)) assert.deepEqual(await holding(id), [], `${id} is still in these blobs`);
    for (const id of ids(kept)) assert.ok((await holding(id)).length > 0, 'another installation is kept');
  });
});
