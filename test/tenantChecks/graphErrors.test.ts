import assert from 'node:assert/strict';
import { AuthError, ServerError } from '@azure/msal-node';
import { graphErrorFromMsal, graphErrorFromResponse } from '../../src/tenantChecks/graphErrors';

const serverError = (aadsts: number, errorCode = 'invalid_client') =>
  new ServerError(errorCode, 'corr', `AADSTS${aadsts}: description. Trace ID: x`, '', String(aadsts), 400);

describe('graphErrorFromMsal', () => {
  it('reads consent / app-not-in-tenant refusals as notConsented', () => {
    for (const code of [65001, 7000229, 700016, 500011]) {
      const err = graphErrorFromMsal(serverError(code));
      assert.equal(err.reason, 'notConsented', `AADSTS${code}`);
      assert.equal(err.code, 'WB-GRAPH-001');
      assert.equal(err.details.aadsts, String(code));
    }
  });

  it('reads a wrong or expired credential as unauthorized and an unknown tenant as notFound', () => {
    assert.equal(graphErrorFromMsal(serverError(7000215)).reason, 'unauthorized');
    assert.equal(graphErrorFromMsal(serverError(700027)).reason, 'unauthorized');
    assert.equal(graphErrorFromMsal(serverError(90002, 'invalid_request')).reason, 'notFound');
  });

  it('finds the AADSTS number in the message when errorNo is missing', () => {
    const err = new ServerError('invalid_client', 'corr', 'AADSTS7000229: no service principal');
    assert.equal(graphErrorFromMsal(err).reason, 'notConsented');
  });

  it('reads msal network failures as network, and its request timeout as timeout', () => {
    assert.equal(
      graphErrorFromMsal(new AuthError('network_error', 'corr', 'Network request failed: x')).reason,
      'network',
    );
    assert.equal(
      graphErrorFromMsal(new AuthError('network_error', 'corr', 'Request timeout')).reason,
      'timeout',
    );
    assert.equal(graphErrorFromMsal(new AuthError('openid_config_error', 'corr')).reason, 'network');
    assert.equal(graphErrorFromMsal(new Error('boom')).reason, 'failed');
  });
});

describe('graphErrorFromResponse', () => {
  it('names the permission the call needed on 403', () => {
    const err = graphErrorFromResponse(
      403,
      {
        error: {
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
        },
      },
      { path: '/subscribedSkus', requiredPermission: 'Organization.Read.All' },
    );
    assert.equal(err.reason, 'forbidden');
    assert.equal(err.code, 'WB-GRAPH-403');
    assert.equal(err.details.missingPermission, 'Organization.Read.All');
    assert.equal(err.details.serviceCode, 'Authorization_RequestDenied');
  });

  it('maps 401, 404, 429 and 5xx', () => {
    assert.equal(graphErrorFromResponse(401, undefined, { path: '/x' }).reason, 'unauthorized');
    assert.equal(graphErrorFromResponse(404, undefined, { path: '/x' }).reason, 'notFound');
    const throttled = graphErrorFromResponse(429, undefined, { path: '/x', retryAfterSeconds: 7 });
    assert.equal(throttled.reason, 'throttled');
    assert.equal(throttled.details.retryAfterSeconds, 7);
    assert.equal(graphErrorFromResponse(503, 'oops', { path: '/x' }).reason, 'failed');
  });
});
