import { MemoryStorage } from 'botbuilder';
import sinon from 'sinon';
import { BotHarness } from './botHarness';
import { CHANNEL_ISSUER, type OpenIdStub } from './openIdStub';

/** Identity of the bot in the authenticated tests (not a real registration). */
export const APP_ID = '0f6a1d3e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
export const OTHER_TENANT = '0bad0bad-0000-4000-8000-000000000bad';

/** Settings that point the SDK's channel authentication at a local OpenID stub, by the SDK's names. */
export function cloudEnv(metadataUrl: string): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    ToChannelFromBotLoginUrl: 'https://login.botframework.test/',
    ToChannelFromBotOAuthScope: 'https://api.botframework.test',
    CallerId: 'urn:botframework:test',
  };
}

export function authenticatedEnv(stub: OpenIdStub, tenantId: string): Record<string, string> {
  return {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'test-only-secret',
    MicrosoftAppTenantId: tenantId,
    MicrosoftAppType: 'SingleTenant',
    ...cloudEnv(stub.metadataUrl),
  };
}

/**
 * A harness whose storage can be inspected (every key the bot wrote) and whose outbound sends are
 * recorded on the adapter instead of going out: with authentication on, the activity's serviceUrl
 * must be https, which the loopback fake connector is not.
 */
export class EdgeHarness extends BotHarness {
  readonly memory: Record<string, string>;
  readonly outbound: Array<Record<string, unknown>> = [];

  constructor(options: ConstructorParameters<typeof BotHarness>[0] = {}) {
    const memory: Record<string, string> = {};
    super({ ...options, storage: new MemoryStorage(memory) });
    this.memory = memory;
  }

  override async start(): Promise<this> {
    await super.start();
    sinon.replace(this.app.adapter, 'sendActivities', (_context, activities) => {
      this.outbound.push(...(activities as unknown as Array<Record<string, unknown>>));
      return Promise.resolve(activities.map((_a, i) => ({ id: `out-${this.outbound.length}-${i}` })));
    });
    return this;
  }

  override async stop(): Promise<void> {
    sinon.restore();
    await super.stop();
  }

  /** Stored keys that mention the conversation or the user: state, references, anything. */
  storedFor(conversationId: string, userId: string): string[] {
    return Object.keys(this.memory).filter((key) => key.includes(conversationId) || key.includes(userId));
  }
}
