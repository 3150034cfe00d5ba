import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { ConnectorReusingAuthentication } from '../../src/http/connectorCache';

const activity = (serviceUrl: string) =>
  ({ type: 'message', channelId: 'msteams', serviceUrl, conversation: { id: 'c' } }) as Activity;

describe('ConnectorReusingAuthentication', () => {
  const auth = () =>
    new ConnectorReusingAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
      MicrosoftAppType: 'MultiTenant',
    });

  it('gives every turn for one service URL the same ConnectorClient, another URL its own', async () => {
    const a = auth();
    const clientFor = async (url: string) => {
      const result = await a.authenticateRequest(activity(url), '');
      return result.connectorFactory?.create(url, result.audience);
    };
    const first = await clientFor('https://smba.trafficmanager.net/emea/');
    const second = await clientFor('https://smba.trafficmanager.net/emea/');
    const other = await clientFor('https://smba.trafficmanager.net/amer/');
    assert.ok(first);
    assert.equal(second, first);
    assert.notEqual(other, first);
  });

  it('reuses clients for proactive sends too (createConnectorFactory)', async () => {
    const a = auth();
    const { claimsIdentity, audience } = await a.authenticateRequest(activity('https://x.example/'), '');
    const one = await a.createConnectorFactory(claimsIdentity).create('https://x.example/', audience);
    const two = await a.createConnectorFactory(claimsIdentity).create('https://x.example/', audience);
    assert.equal(one, two);
  });

  it('makes one user token client per app, not one per turn (CloudAdapter asks for one every turn)', async () => {
    const a = auth();
    const turn = async () => {
      const { claimsIdentity } = await a.authenticateRequest(activity('https://x.example/'), '');
      return a.createUserTokenClient(claimsIdentity);
    };
    const first = await turn();
    assert.ok(first);
    assert.equal(await turn(), first);
  });
});
