import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { TenantReports } from '../../src/tenantChecks/handlers/autoCheckSource';
import { ErrorCodes } from '../../src/core/errors';
import type { TenantCheckReport } from '../../src/tenantChecks/checkTypes';
import { createLogger } from '../../src/core/logger';
import { APP_ID, authenticatedEnv, EdgeHarness, OTHER_TENANT } from '../support/edgeHarness';
import { CHANNEL_ISSUER, newKey, OpenIdStub, signToken } from '../support/openIdStub';
import { TENANT_ID, TeamsConversation } from '../support/teams';

const SERVICE_URL = 'https://smba.trafficmanager.test/emea/';
const GRAPH_ENV = {
  GRAPH_CLIENT_ID: '7e57c11e-0000-4000-8000-000000000001',
  GRAPH_CLIENT_SECRET: 'not-a-real-secret',
};
const START_CONFIGURATION = { wb: { v: 1, a: 'start', s: 'configuration' } };

/** The Graph stand-in: records every tenant it is asked about (and fails, so the section asks by hand). */
class RecordingReports implements TenantReports {
  readonly tenants: string[] = [];
  get(tenantId: string): Promise<TenantCheckReport> {
    this.tenants.push(tenantId);
    return Promise.reject(new Error('not needed in this test'));
  }
}

function logSink(lines: string[]): Writable {
  return new Writable({
    write: (chunk: Buffer, _enc, done) => {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
}

describe('tenant boundary, authenticated single-tenant bot (ALLOWED_TENANT_IDS defaults to its tenant)', () => {
  const key = newKey('tenant-test-key');
  const stub = new OpenIdStub([key]);
  const graph = new RecordingReports();
  const lines: string[] = [];
  let h: EdgeHarness;

  before(async () => {
    await stub.start();
    h = await new EdgeHarness({
      env: { ...authenticatedEnv(stub, TENANT_ID), ...GRAPH_ENV },
      tenantReports: graph,
      logger: createLogger('info', logSink(lines)),
    }).start();
  });
  after(async () => {
    await h.stop();
    await stub.stop();
  });

  async function post(activity: Record<string, unknown>): Promise<number> {
    const now = Math.floor(Date.now() / 1000);
    const token = signToken(
      { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, exp: now + 600 },
      { key },
    );
    const response = await h.postRaw(JSON.stringify(activity), {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('another tenant, properly authenticated → 403: no card, nothing stored, no Graph call, logged once without the id', async () => {
    const c = new TeamsConversation({ serviceUrl: SERVICE_URL, tenantId: OTHER_TENANT });
    for (const activity of [c.installationAdd(), c.message('hello'), c.submit(START_CONFIGURATION)]) {
      assert.equal(await post(activity), 403);
    }
    assert.equal(h.outbound.length, 0);
    assert.deepEqual(h.storedFor(c.conversationId, c.user.id), []);
    assert.deepEqual(graph.tenants, []);
    const refused = lines.filter((l) => l.includes(ErrorCodes.FORBIDDEN_TENANT));
    assert.equal(refused.length, 3, 'one line per refused activity');
    assert.ok(!lines.join('').includes(OTHER_TENANT), 'the tenant id is hashed in the log');
  });

  it('a conversation whose channelData and conversation tenants disagree → 403', async () => {
    const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
    const activity = c.message('hello');
    activity.conversation = { ...(activity.conversation as Record<string, unknown>), tenantId: OTHER_TENANT };
    assert.equal(await post(activity), 403);
    assert.deepEqual(h.storedFor(c.conversationId, c.user.id), []);
  });

  it('the bot’s own tenant works, and its section start does reach Graph', async () => {
    const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
    assert.equal(await post(c.submit(START_CONFIGURATION)), 200);
    assert.ok(h.outbound.length > 0);
    assert.deepEqual(graph.tenants, [TENANT_ID]);
    assert.ok(h.storedFor(c.conversationId, c.user.id).length > 0);
  });
});

describe('tenant boundary in local mode', () => {
  it('ALLOWED_TENANT_IDS set explicitly applies in local mode too', async () => {
    const graph = new RecordingReports();
    const h = await new EdgeHarness({
      env: {
        ALLOWED_TENANT_IDS: ` ${TENANT_ID.toUpperCase()} , 11111111-2222-4333-8444-555555555555`,
        ...GRAPH_ENV,
      },
      tenantReports: graph,
    }).start();
    try {
      const other = h.conversation({ tenantId: OTHER_TENANT });
      const refused = await h.send(other.submit(START_CONFIGURATION));
      assert.equal(refused.status, 403);
      assert.equal(h.connector.calls.length + h.outbound.length, 0);
      assert.deepEqual(h.storedFor(other.conversationId, other.user.id), []);
      assert.deepEqual(graph.tenants, []);
      const own = h.conversation();
      const served = await h.send(own.message('hello'));
      assert.equal(served.status, 200);
      assert.equal(h.outbound.length, 1);
    } finally {
      await h.stop();
    }
  });

  it('unset in local mode, every tenant passes', async () => {
    const h = await new EdgeHarness().start();
    try {
      const other = h.conversation({ tenantId: OTHER_TENANT });
      assert.equal((await h.send(other.message('hello'))).status, 200);
      assert.equal(h.outbound.length, 1);
    } finally {
      await h.stop();
    }
  });
});
