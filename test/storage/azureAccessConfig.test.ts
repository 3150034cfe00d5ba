import assert from 'node:assert/strict';
import { parseConfig, redactedSummary } from '../../src/config';

const GUID = '11111111-2222-3333-4444-555555555555';
const OTHER = '99999999-8888-7777-6666-555555555555';
const BLOB = 'https://wbstate.blob.core.windows.net';
const QUEUE = 'https://wbstate.queue.core.windows.net';
const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=wbstate;AccountKey=c2VjcmV0;';
const MSI = { MicrosoftAppId: GUID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: OTHER };

describe('Azure Storage without keys (configuration)', () => {
  it('service URLs with a UserAssignedMSI bot use the bot identity, no key anywhere', () => {
    const config = parseConfig({ ...MSI, AZURE_STORAGE_BLOB_URL: BLOB, AZURE_STORAGE_QUEUE_URL: QUEUE });
    assert.deepEqual(config.azureStorage?.access, { blobUrl: BLOB, queueUrl: QUEUE, clientId: GUID });
    assert.equal(config.azureStorage?.container, 'writeback-bot-state');
    const summary = JSON.stringify(redactedSummary(config));
    assert.match(summary, new RegExp(`managed identity ${GUID}`));
  });

  it('AZURE_STORAGE_CLIENT_ID names another identity; without either it is DefaultAzureCredential', () => {
    const named = parseConfig({
      ...MSI,
      AZURE_STORAGE_BLOB_URL: BLOB,
      AZURE_STORAGE_QUEUE_URL: QUEUE,
      AZURE_STORAGE_CLIENT_ID: OTHER,
    });
    assert.equal((named.azureStorage?.access as { clientId?: string }).clientId, OTHER);
    const developer = parseConfig({ AZURE_STORAGE_BLOB_URL: BLOB, AZURE_STORAGE_QUEUE_URL: QUEUE });
    assert.equal((developer.azureStorage?.access as { clientId?: string }).clientId, undefined);
    assert.match(JSON.stringify(redactedSummary(developer)), /DefaultAzureCredential/);
  });

  it('the connection string still works and stays out of the summary', () => {
    const config = parseConfig({ AZURE_STORAGE_CONNECTION_STRING: CONNECTION });
    assert.deepEqual(config.azureStorage?.access, { connectionString: CONNECTION });
    assert.doesNotMatch(JSON.stringify(redactedSummary(config)), /c2VjcmV0/);
  });

  it('refuses a connection string and service URLs at once, naming both', () => {
    assert.throws(
      () =>
        parseConfig({
          AZURE_STORAGE_CONNECTION_STRING: CONNECTION,
          AZURE_STORAGE_BLOB_URL: BLOB,
          AZURE_STORAGE_QUEUE_URL: QUEUE,
        }),
      (err: Error) => {
        assert.match(err.message, /WB-|Invalid configuration/);
        assert.match(
          err.message,
          /AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_BLOB_URL \/ AZURE_STORAGE_QUEUE_URL are both set/,
        );
        return true;
      },
    );
  });

  it('one error lists every storage problem: a lone URL, plain http, a bad client id', () => {
    assert.throws(
      () =>
        parseConfig({
          AZURE_STORAGE_BLOB_URL: 'http://wbstate.blob.core.windows.net',
          AZURE_STORAGE_CLIENT_ID: 'not-a-guid',
          PORT: 'eighty',
        }),
      (err: Error) => {
        assert.match(err.message, /AZURE_STORAGE_BLOB_URL must be an https URL/);
        assert.match(err.message, /AZURE_STORAGE_BLOB_URL and AZURE_STORAGE_QUEUE_URL go together/);
        assert.match(err.message, /AZURE_STORAGE_CLIENT_ID must be a GUID/);
        assert.match(err.message, /PORT/);
        return true;
      },
    );
    assert.throws(
      () => parseConfig({ AZURE_STORAGE_CLIENT_ID: GUID }),
      /AZURE_STORAGE_CLIENT_ID needs AZURE_STORAGE_BLOB_URL and AZURE_STORAGE_QUEUE_URL/,
    );
  });
});
