import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_SETTINGS, parseConfig } from '../../src/config';
import {
  allStrings,
  loadParameterValues,
  loadTemplate,
  oneResource,
  parameterProblems,
  referenced,
  resourcesOf,
  TEMPLATE_PATH,
  type ArmTemplate,
} from './support/armTemplate';

/**
 * App settings the template may set besides the bot's own (src/config.ts): read by App Service
 * itself, each documented in README.md "Deploy to Azure".
 */
const PLATFORM_SETTINGS = new Set([
  // Application Insights: the bot's own exporter (src/telemetry) reads the connection string; App Service's
  // agent is switched off and the Azure SDK's usage reports (statsbeat) are not sent.
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  'APPLICATION_INSIGHTS_NO_STATSBEAT',
  // Zip deploy ships a built app: no build on the server.
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
]);

const SECRET_NAME = /password|secret|key|token|connection|credential/i;
const BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const QUEUE_DATA_CONTRIBUTOR = '974c5e8b-45b9-4653-ba55-5f855dd0fb88';

function appSettings(template: ArmTemplate): Array<{ name: string; value: string }> {
  const site = oneResource(template, 'Microsoft.Web/sites');
  const siteConfig = site.properties?.siteConfig as { appSettings: Array<{ name: string; value: string }> };
  return siteConfig.appSettings;
}

/**
 * A stand-in value for each app setting as App Service would see it after deployment: expressions are
 * replaced by a value of the same shape (identity GUIDs, storage endpoints, parameter defaults).
 */
function deployedValue(template: ArmTemplate, value: string): string {
  if (!value.startsWith('[')) return value;
  const parameter = /^\[parameters\('([^']+)'\)\]$/.exec(value);
  if (parameter) return String(template.parameters[parameter[1]].defaultValue);
  const variable = /^\[variables\('([^']+)'\)\]$/.exec(value);
  if (variable) return String(template.variables[variable[1]]);
  if (value.endsWith('.clientId]')) return '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
  if (value.endsWith('.tenantId]')) return '72f988bf-86f1-41af-91ab-2d7cd011db47';
  if (value.endsWith('.primaryEndpoints.blob]')) return 'https://wbbotabc.blob.core.windows.net/';
  if (value.endsWith('.primaryEndpoints.queue]')) return 'https://wbbotabc.queue.core.windows.net/';
  if (value.endsWith('.ConnectionString]')) return 'InstrumentationKey=00000000-0000-0000-0000-000000000000';
  throw new Error(`no stand-in for the expression ${value}: add one to this test`);
}

describe('ARM template (infra/azuredeploy.json)', () => {
  const template = loadTemplate();

  it('parses, with the deployment template schema, and uses no preview API version', () => {
    assert.match(template.$schema, /deploymentTemplate\.json#$/);
    assert.equal(template.contentVersion, '1.0.0.0');
    for (const r of template.resources) assert.doesNotMatch(r.apiVersion, /preview/, r.type);
  });

  it('declares every parameter and variable it uses, and uses every one it declares', () => {
    assert.deepEqual([...referenced(template, 'parameters')].sort(), Object.keys(template.parameters).sort());
    assert.deepEqual([...referenced(template, 'variables')].sort(), Object.keys(template.variables).sort());
  });

  it('describes every parameter and gives bounds to every one that has a range', () => {
    for (const [name, p] of Object.entries(template.parameters)) {
      assert.ok(p.metadata?.description, `${name} has a description`);
      if (p.type === 'int') assert.ok(p.minValue !== undefined && p.maxValue !== undefined, name);
      if (p.type === 'string' && p.allowedValues === undefined && name !== 'location')
        assert.ok(p.maxLength !== undefined, `${name} has a maxLength`);
    }
  });

  it('takes secrets only as secureString and outputs none', () => {
    const secure = Object.entries(template.parameters).filter(([, p]) => /^secure/i.test(p.type));
    for (const [name, p] of Object.entries(template.parameters)) {
      if (SECRET_NAME.test(name)) assert.match(p.type, /^secure/i, `${name} must be a secureString`);
    }
    for (const [name, output] of Object.entries(template.outputs)) {
      assert.doesNotMatch(name, SECRET_NAME, `output ${name}`);
      const text = JSON.stringify(output.value);
      assert.doesNotMatch(text, /list[A-Z]\w*\(|ConnectionString|InstrumentationKey/i, `output ${name}`);
      for (const [param] of secure) assert.ok(!text.includes(`parameters('${param}')`), `output ${name}`);
      assert.doesNotMatch(output.type, /^secure/i);
    }
  });

  it('sets only app settings the bot reads or App Service documents, each once', () => {
    const names = appSettings(template).map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'no duplicates');
    const known = new Set(CONFIG_SETTINGS);
    for (const name of names) {
      assert.ok(known.has(name) || PLATFORM_SETTINGS.has(name), `${name} is neither read nor documented`);
    }
    const readme = readFileSync(TEMPLATE_PATH.replace(/infra\/azuredeploy\.json$/, 'README.md'), 'utf8');
    for (const name of PLATFORM_SETTINGS) assert.ok(readme.includes(`\`${name}\``), `${name} in README`);
  });

  it('gives the bot a complete production configuration: managed identity, keyless storage', () => {
    const env = Object.fromEntries(
      appSettings(template).map((s) => [s.name, deployedValue(template, s.value)]),
    );
    env.PORT = '8080'; // App Service sets PORT for Node apps
    const config = parseConfig(env);
    assert.equal(config.localMode, false);
    assert.equal(config.bot.appType, 'UserAssignedMSI');
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.allowedTenantIds, [env.MicrosoftAppTenantId]);
    const access = config.azureStorage?.access;
    assert.ok(access && !('connectionString' in access), 'storage by URL and token, not a connection string');
    assert.equal(access.clientId, env.MicrosoftAppId, 'storage with the bot identity');
    assert.equal(env.AZURE_STORAGE_CONNECTION_STRING, undefined);
    assert.equal(env.MicrosoftAppPassword, undefined);
  });

  it('makes storage keyless: no shared key, no public blobs, TLS 1.2, both data roles for the identity', () => {
    const storage = oneResource(template, 'Microsoft.Storage/storageAccounts');
    assert.equal(storage.properties?.allowSharedKeyAccess, false);
    assert.equal(storage.properties?.allowBlobPublicAccess, false);
    assert.equal(storage.properties?.minimumTlsVersion, 'TLS1_2');
    assert.equal(storage.properties?.supportsHttpsTrafficOnly, true);
    for (const text of allStrings(template))
      assert.doesNotMatch(text, /listKeys|AccountKey|SharedAccessSignature/);
    const container = oneResource(template, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    assert.equal(container.properties?.publicAccess, 'None');
    const settings = Object.fromEntries(appSettings(template).map((s) => [s.name, s.value]));
    assert.ok(container.name.endsWith(`'), variables('stateContainer'))]`));
    assert.equal(settings.AZURE_STORAGE_CONTAINER, "[variables('stateContainer')]");
    assert.equal(settings.AZURE_STORAGE_QUEUE, "[variables('reminderQueue')]");
    oneResource(template, 'Microsoft.Storage/storageAccounts/queueServices/queues');
    const roles = resourcesOf(template, 'Microsoft.Authorization/roleAssignments').map((r) => ({
      role: template.variables[
        /variables\('([^']+)'\)\)\]$/.exec(String(r.properties?.roleDefinitionId))![1]
      ],
      scope: r.scope,
      principal: r.properties?.principalId,
    }));
    assert.deepEqual(roles.map((r) => r.role).sort(), [BLOB_DATA_CONTRIBUTOR, QUEUE_DATA_CONTRIBUTOR].sort());
    for (const r of roles) {
      assert.match(String(r.scope), /^\[format\('Microsoft\.Storage\/storageAccounts\/\{0\}'/);
      assert.equal(r.principal, "[reference(variables('identityId'), '2023-01-31').principalId]");
    }
  });

  it('runs the web app on HTTPS only, TLS 1.2, no FTP, always on, health-checked on /healthz', () => {
    const site = oneResource(template, 'Microsoft.Web/sites');
    const siteConfig = site.properties?.siteConfig as Record<string, unknown>;
    assert.equal(site.properties?.httpsOnly, true);
    assert.equal(siteConfig.minTlsVersion, '1.2');
    assert.equal(siteConfig.ftpsState, 'Disabled');
    assert.equal(siteConfig.alwaysOn, true);
    assert.equal(siteConfig.healthCheckPath, '/healthz');
    assert.equal(siteConfig.linuxFxVersion, 'NODE|20-lts');
    assert.equal(siteConfig.appCommandLine, 'node dist/src/index.js');
    assert.deepEqual(Object.keys(site.identity?.userAssignedIdentities ?? {}), ["[variables('identityId')]"]);
    const ftp = oneResource(template, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    assert.match(ftp.name, /\/ftp'/);
    assert.equal(ftp.properties?.allow, false);
    const plan = oneResource(template, 'Microsoft.Web/serverfarms');
    assert.equal(plan.properties?.reserved, true, 'Linux');
    assert.equal(plan.sku?.capacity, "[parameters('instanceCount')]");
  });

  it('registers the Azure Bot with the user-assigned identity, the /api/messages endpoint and Teams', () => {
    const bot = oneResource(template, 'Microsoft.BotService/botServices');
    assert.equal(bot.location, 'global');
    assert.equal(bot.properties?.msaAppType, 'UserAssignedMSI');
    assert.equal(bot.properties?.msaAppMSIResourceId, "[variables('identityId')]");
    assert.match(String(bot.properties?.msaAppId), /identityId.*\.clientId\]$/);
    assert.match(String(bot.properties?.msaAppTenantId), /identityId.*\.tenantId\]$/);
    assert.match(String(bot.properties?.endpoint), /^\[format\('https:\/\/\{0\}\/api\/messages'/);
    const teams = oneResource(template, 'Microsoft.BotService/botServices/channels');
    assert.match(teams.name, /\/MsTeamsChannel'/);
    assert.deepEqual(teams.properties, { channelName: 'MsTeamsChannel', properties: { isEnabled: true } });
  });

  it('sends telemetry to workspace-based Application Insights', () => {
    const insights = oneResource(template, 'Microsoft.Insights/components');
    assert.match(
      String(insights.properties?.WorkspaceResourceId),
      /Microsoft\.OperationalInsights\/workspaces/,
    );
    oneResource(template, 'Microsoft.OperationalInsights/workspaces');
    // Only the bot's scrubbed telemetry: App Service's Node agent would record connector URLs (conversation ids).
    const settings = new Map(appSettings(template).map((s) => [s.name, s.value]));
    assert.equal(settings.get('ApplicationInsightsAgent_EXTENSION_VERSION'), 'disabled');
    assert.equal(settings.get('APPLICATION_INSIGHTS_NO_STATSBEAT'), 'true');
    assert.ok(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING'));
  });

  it('accepts the parameters file and refuses values out of range by its own declarations', () => {
    assert.deepEqual(parameterProblems(template, loadParameterValues()), []);
    assert.deepEqual(parameterProblems(template, {}), [], 'every parameter has a default');
    const refused: Array<[string, unknown]> = [
      ['instanceCount', 0],
      ['instanceCount', 11],
      ['instanceCount', '2'],
      ['appServicePlanSku', 'F1'],
      ['botSku', 'S0'],
      ['namePrefix', 'ab'],
      ['namePrefix', 'abcdefghijkl'],
      ['channelService', 'https://botframework.example'],
      ['logRetentionDays', 7],
      ['logLevel', 'verbose'],
    ];
    for (const [name, value] of refused) {
      assert.notDeepEqual(parameterProblems(template, { [name]: value }), [], `${name}=${String(value)}`);
    }
  });
});
