import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Localizer } from '../../src/i18n/translator';
import { allText, cardOf } from '../support/botHarness';
import { freePort, postActivity, startBotProcess } from '../support/botProcess';
import { FakeConnector } from '../support/fakeConnector';
import { TeamsConversation } from '../support/teams';
import { FakeGraphServer } from './support/fakeGraphServer';
import { CLIENT_ID, CLOUD_ADMIN, seedScenarioTenants, T } from './support/scenarioTenants';
import { makeTlsFiles, type TlsFiles } from './support/tlsFiles';

const FORBIDDEN_TENANT = '10000000-0000-4000-8000-0000000000f3';
const en = new Localizer().for('en');

/**
 * The real bot process with Graph configured as a newcomer would (env variables), its msal client talking to
 * a local HTTPS stand-in for the token endpoint and Graph, trusted through NODE_EXTRA_CA_CERTS.
 */
describe('the bot with Microsoft Graph configured, against a fake Entra ID + Graph', () => {
  let tls: TlsFiles;
  let fake: FakeGraphServer;
  const connector = new FakeConnector();
  let child: ChildProcess | undefined;
  let port = 0;
  let dataDir: string;
  let serviceUrl: string;

  before(async () => {
    tls = makeTlsFiles();
    fake = await FakeGraphServer.start(tls);
    seedScenarioTenants(fake);
    fake.tenants.set(FORBIDDEN_TENANT, {
      ...fake.tenants.get(T.premium),
      faults: {
        subscribedSkus: {
          kind: 'forbidden',
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges',
        },
      },
    });
    serviceUrl = await connector.start();
    dataDir = mkdtempSync(join(tmpdir(), 'wb-graph-'));
    port = await freePort();
    child = await startBotProcess(port, {
      DATA_DIR: dataDir,
      GRAPH_CLIENT_ID: CLIENT_ID,
      GRAPH_CLIENT_SECRET: 'fake-secret-value',
      GRAPH_AUTHORITY_HOST: fake.host,
      GRAPH_BASE_URL: fake.origin,
      NODE_EXTRA_CA_CERTS: tls.certPath,
    });
  });
  after(async () => {
    child?.kill('SIGKILL');
    await connector.stop();
    await fake.close();
    tls.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function firstConfigurationCard(tenantId: string): Promise<string> {
    const c = new TeamsConversation({
      serviceUrl,
      tenantId,
      user: { id: `29:${tenantId}`, aadObjectId: CLOUD_ADMIN, name: 'Alex' },
    });
    const before = connector.calls.length;
    assert.equal(await postActivity(port, c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } })), 200);
    await connector.waitForCalls(before + 2, 15_000);
    const sent = connector.calls.slice(before).map((call) => call.activity);
    assert.equal(sent[0].type, 'typing');
    return allText(cardOf(sent.find((a) => Array.isArray(a.attachments))));
  }

  it('answers the licence check itself with evidence for a premium tenant', async () => {
    const text = await firstConfigurationCard(T.premium);
    assert.ok(text.includes(en.t('autoCheck.pass')));
    assert.match(text, /AAD_PREMIUM \(P1, 5\)/);
    assert.equal(fake.tokenRequestsFor(T.premium).length, 1);
  });

  it('calls out a tenant without Entra ID P1/P2', async () => {
    const text = await firstConfigurationCard(T.noPremium);
    assert.ok(text.includes(en.t('autoCheck.licences.none')));
  });

  it('explains a 403: the missing permission and the admin-consent link', async () => {
    const text = await firstConfigurationCard(FORBIDDEN_TENANT);
    assert.match(text, /Organization\.Read\.All/);
    assert.ok(text.includes(`https://${fake.host}/${FORBIDDEN_TENANT}/adminconsent?client_id=${CLIENT_ID}`));
  });
});
