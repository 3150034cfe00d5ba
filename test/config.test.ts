import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFiles, parseConfig, redactedSummary } from '../src/config';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('configuration', () => {
  it('with nothing set runs in local mode on 127.0.0.1:3978 with state under ./.data', () => {
    const config = parseConfig({}, '/srv/bot');
    assert.equal(config.localMode, true);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3978);
    assert.equal(config.dataDir, '/srv/bot/.data');
    assert.equal(config.graph, undefined);
    assert.ok(Object.isFrozen(config));
  });

  it('HELPDESK_ADMINS: a list of Entra object ids, lower-cased; anything else is named; the summary shows no id', () => {
    const other = '99999999-8888-4777-8666-555555555555';
    const config = parseConfig({ HELPDESK_ADMINS: ` ${GUID.toUpperCase()} , ${other}` });
    assert.deepEqual(config.helpdeskAdmins, [GUID, other]);
    assert.ok(Object.isFrozen(config.helpdeskAdmins));
    assert.equal(parseConfig({}).helpdeskAdmins, undefined);
    assert.equal(parseConfig({ HELPDESK_ADMINS: '  ' }).helpdeskAdmins, undefined);
    for (const bad of [`${GUID},alex@contoso.com`, ',', 'admins'])
      assert.throws(() => parseConfig({ HELPDESK_ADMINS: bad }), /HELPDESK_ADMINS/, bad);
    const summary = JSON.stringify(redactedSummary(config));
    assert.match(summary, /"helpdeskAdmins":"2 listed"/);
    assert.ok(!summary.includes(GUID) && !summary.includes(other));
  });

  it('local mode stays on loopback unless HOST is set explicitly (a container publishing its port)', () => {
    assert.equal(parseConfig({ HOST: '' }).host, '127.0.0.1');
    assert.equal(parseConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
  });

  it('reports every bad variable in one error', () => {
    assert.throws(
      () =>
        parseConfig({
          MicrosoftAppId: 'not-a-guid',
          MicrosoftAppType: 'SingleTenant',
          PORT: 'eighty',
          LOG_LEVEL: 'loud',
          GRAPH_BASE_URL: 'http://graph.example',
        }),
      (err: Error) => {
        for (const name of [
          'MicrosoftAppId',
          'MicrosoftAppPassword',
          'MicrosoftAppTenantId',
          'PORT',
          'LOG_LEVEL',
          'GRAPH_BASE_URL',
        ]) {
          assert.match(err.message, new RegExp(name), name);
        }
        return true;
      },
    );
  });

  it('Graph with the bot app registration needs a secret or a certificate', () => {
    assert.throws(() => parseConfig({ GRAPH_ENABLED: 'true' }), /GRAPH_CLIENT_ID[\s\S]*GRAPH_CLIENT_SECRET/);
    const config = parseConfig({
      MicrosoftAppId: GUID,
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: GUID,
      GRAPH_ENABLED: 'true',
      GRAPH_AUTHORITY_HOST: 'login.microsoftonline.us',
    });
    assert.equal(config.graph?.clientId, GUID);
    assert.equal(config.graph?.clientSecret, 'pw');
    assert.equal(config.graph?.authorityHost, 'login.microsoftonline.us');
    assert.equal(config.host, '0.0.0.0');
  });

  it('escalation limits: 3 open tickets per requester, 20 new threads per tenant in 10 minutes; bad values listed', () => {
    assert.deepEqual(parseConfig({}).helpdeskLimits, {
      openPerRequester: 3,
      threadsPerWindow: 20,
      windowMs: 10 * 60_000,
    });
    const set = parseConfig({
      HELPDESK_MAX_OPEN_TICKETS: '5',
      HELPDESK_NEW_THREADS_MAX: '50',
      HELPDESK_NEW_THREADS_WINDOW_MINUTES: '60',
    });
    assert.deepEqual(set.helpdeskLimits, { openPerRequester: 5, threadsPerWindow: 50, windowMs: 3_600_000 });
    assert.deepEqual(redactedSummary(set).helpdeskLimits, set.helpdeskLimits);
    assert.throws(
      () =>
        parseConfig({
          HELPDESK_MAX_OPEN_TICKETS: '0',
          HELPDESK_NEW_THREADS_MAX: '201',
          HELPDESK_NEW_THREADS_WINDOW_MINUTES: 'ten',
        }),
      (err: Error) =>
        [
          'HELPDESK_MAX_OPEN_TICKETS',
          'HELPDESK_NEW_THREADS_MAX',
          'HELPDESK_NEW_THREADS_WINDOW_MINUTES',
        ].every((name) => err.message.includes(name)),
    );
  });

  it('HELPDESK_SLA_*: documented defaults per priority, priority:minutes overrides, every mistake named', () => {
    const defaults = parseConfig({}).helpdeskSla;
    assert.deepEqual(defaults.targets, {
      low: { respondMinutes: 480, resolveMinutes: 4320 },
      normal: { respondMinutes: 240, resolveMinutes: 1440 },
      high: { respondMinutes: 60, resolveMinutes: 480 },
      urgent: { respondMinutes: 15, resolveMinutes: 240 },
    });
    assert.equal(defaults.warnPercent, 75);
    assert.ok(Object.isFrozen(defaults.targets.high));
    const set = parseConfig({
      HELPDESK_SLA_RESPOND_MINUTES: ' high:30 , urgent:5',
      HELPDESK_SLA_RESOLVE_MINUTES: 'low:10080',
      HELPDESK_SLA_WARN_PERCENT: '50',
    }).helpdeskSla;
    assert.deepEqual(set.targets.high, { respondMinutes: 30, resolveMinutes: 480 });
    assert.deepEqual(set.targets.urgent, { respondMinutes: 5, resolveMinutes: 240 });
    assert.deepEqual(set.targets.low, { respondMinutes: 480, resolveMinutes: 10080 });
    assert.equal(set.warnPercent, 50);
    assert.deepEqual(redactedSummary(parseConfig({})).helpdeskSla, defaults);
    for (const bad of ['critical:5', 'high:0', 'high:30,high:40', 'high:abc', 'high', 'low:50000'])
      assert.throws(
        () => parseConfig({ HELPDESK_SLA_RESPOND_MINUTES: bad }),
        /HELPDESK_SLA_RESPOND_MINUTES/,
        bad,
      );
    for (const bad of ['0', '100', 'x'])
      assert.throws(() => parseConfig({ HELPDESK_SLA_WARN_PERCENT: bad }), /HELPDESK_SLA_WARN_PERCENT/, bad);
  });

  it('the summary never shows a secret', () => {
    const config = parseConfig({
      MicrosoftAppId: GUID,
      MicrosoftAppPassword: 'super-secret-1',
      MicrosoftAppTenantId: GUID,
      GRAPH_CLIENT_ID: GUID,
      GRAPH_CLIENT_SECRET: 'super-secret-2',
    });
    const text = JSON.stringify(redactedSummary(config));
    assert.doesNotMatch(text, /super-secret/);
    assert.match(text, /\[set\]/);
  });

  it('reads env/.env.<name> then .user; real environment variables win', () => {
    const root = mkdtempSync(join(tmpdir(), 'wb-env-'));
    try {
      mkdirSync(join(root, 'env'));
      writeFileSync(join(root, 'env', '.env.dev'), 'PORT=4000\nLOG_LEVEL=debug\nDATA_DIR=./dev-data\n');
      writeFileSync(join(root, 'env', '.env.dev.user'), 'LOG_LEVEL=warn\n');
      const merged = loadEnvFiles(root, 'dev', { DATA_DIR: '/var/lib/bot' });
      const config = parseConfig(merged, root);
      assert.equal(config.port, 4000);
      assert.equal(config.logLevel, 'warn');
      assert.equal(config.dataDir, '/var/lib/bot');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('endpoint settings (tenants, cloud)', () => {
    const bot = { MicrosoftAppId: GUID, MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: GUID };
    const cloud = {
      ToBotFromChannelOpenIdMetadataUrl:
        'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.azure.cn',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.partner.microsoftonline.cn/a/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.partner.microsoftonline.cn/',
      ToChannelFromBotOAuthScope: 'https://api.botframework.azure.cn',
      CallerId: 'urn:botframework:azurecn',
    };

    it('ALLOWED_TENANT_IDS defaults to the bot tenant for SingleTenant and UserAssignedMSI, not in local mode', () => {
      assert.deepEqual(parseConfig(bot).allowedTenantIds, [GUID]);
      assert.deepEqual(
        parseConfig({ ...bot, MicrosoftAppPassword: '', MicrosoftAppType: 'UserAssignedMSI' })
          .allowedTenantIds,
        [GUID],
      );
      assert.equal(parseConfig({ ...bot, MicrosoftAppType: 'MultiTenant' }).allowedTenantIds, undefined);
      assert.equal(parseConfig({ MicrosoftAppTenantId: GUID }).allowedTenantIds, undefined);
    });

    it('ALLOWED_TENANT_IDS set explicitly wins, in every mode; bad entries are named', () => {
      const other = '99999999-8888-4777-8666-555555555555';
      assert.deepEqual(
        parseConfig({ ALLOWED_TENANT_IDS: `${GUID.toUpperCase()}, ${other}` }).allowedTenantIds,
        [GUID, other],
      );
      assert.deepEqual(
        parseConfig({ ...bot, MicrosoftAppType: 'MultiTenant', ALLOWED_TENANT_IDS: other }).allowedTenantIds,
        [other],
      );
      assert.throws(() => parseConfig({ ALLOWED_TENANT_IDS: `${GUID},contoso.com` }), /ALLOWED_TENANT_IDS/);
    });

    it('cloud settings are passed through by the SDK names, and all six go together', () => {
      const config = parseConfig({
        ...bot,
        ...cloud,
        ValidateAuthority: 'false',
        ChannelService: 'https://botframework.azure.cn',
      });
      assert.deepEqual(config.cloud, {
        ...cloud,
        ValidateAuthority: 'false',
        ChannelService: 'https://botframework.azure.cn',
      });
      assert.throws(
        () =>
          parseConfig({
            ...bot,
            ToBotFromChannelTokenIssuer: cloud.ToBotFromChannelTokenIssuer,
            CallerId: cloud.CallerId,
          }),
        (err: Error) => {
          for (const missing of [
            'ToBotFromChannelOpenIdMetadataUrl',
            'ToBotFromEmulatorOpenIdMetadataUrl',
            'ToChannelFromBotLoginUrl',
            'ToChannelFromBotOAuthScope',
          ]) {
            assert.match(err.message, new RegExp(missing), missing);
          }
          assert.doesNotMatch(err.message, /ToBotFromChannelTokenIssuer,/);
          return true;
        },
      );
      assert.throws(() => parseConfig({ ...bot, ValidateAuthority: 'false' }), /ToChannelFromBotLoginUrl/);
      assert.throws(
        () => parseConfig({ ...bot, ChannelService: 'https://botframework.azure.cn' }),
        /CallerId/,
      );
      assert.throws(
        () => parseConfig({ ...bot, ...cloud, ToChannelFromBotLoginUrl: 'http://login.example/' }),
        /ToChannelFromBotLoginUrl must be an https URL/,
      );
    });

    it('ChannelService alone selects US Government, as the SDK allows', () => {
      const config = parseConfig({ ...bot, ChannelService: 'https://botframework.azure.us' });
      assert.deepEqual(config.cloud, { ChannelService: 'https://botframework.azure.us' });
      assert.equal(parseConfig(bot).cloud, undefined);
    });

    it('UserAssignedMSI with a password is a configuration error listed with the others, not a crash', () => {
      assert.throws(
        () => parseConfig({ ...bot, MicrosoftAppType: 'UserAssignedMSI', PORT: 'x' }),
        (err: Error) =>
          /MicrosoftAppPassword must not be set for UserAssignedMSI/.test(err.message) &&
          /PORT/.test(err.message),
      );
    });

    it('the summary shows the tenant list and cloud settings, no secret', () => {
      const text = JSON.stringify(
        redactedSummary(parseConfig({ ...bot, ...cloud, MicrosoftAppPassword: 'super-secret-3' })),
      );
      assert.match(text, /allowedTenantIds/);
      assert.match(text, /ToChannelFromBotLoginUrl/);
      assert.doesNotMatch(text, /super-secret/);
    });
  });
});
