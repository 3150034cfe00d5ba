import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from '../core/logger';
import { abortable } from './abort';
import type { GraphCertificateCredential } from './certificate';
import { GraphError, graphErrorFromMsal } from './graphErrors';

/** Gives an app-only access token for Graph in one tenant. */
export interface TokenProvider {
  getToken(tenantId: string, signal?: AbortSignal): Promise<string>;
}

export const DEFAULT_AUTHORITY_HOST = 'login.microsoftonline.com';
const IN_FLIGHT_SHARE_MS = 10_000;

export interface MsalTokenSettings {
  clientId: string;
  clientSecret?: string;
  certificate?: GraphCertificateCredential;
  /** Host (and optional port) of the Entra authority, e.g. login.microsoftonline.us. */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com/.default */
  scope: string;
}

// A GUID, or a domain name like contoso.onmicrosoft.com: nothing that could change the authority's path.
const TENANT_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]*\.)+[a-z]{2,})$/i;

function isValidTenantId(tenantId: string): boolean {
  return TENANT_ID.test(tenantId);
}

/**
 * Client-credentials tokens through msal-node: one ConfidentialClientApplication (and so one
 * token cache) per tenant, and one token request in flight per tenant however many checks ask.
 */
export class MsalTokenProvider implements TokenProvider {
  private readonly apps = new Map<string, ConfidentialClientApplication>();
  private readonly inFlight = new Map<string, { promise: Promise<string>; startedAt: number }>();
  private readonly log: Logger;

  constructor(
    private readonly settings: MsalTokenSettings,
    logger: Logger,
  ) {
    if (!settings.clientSecret && !settings.certificate) {
      throw new Error('Graph needs a client secret or a certificate');
    }
    this.log = logger.child({ component: 'graph-token' });
  }

  getToken(tenantId: string, signal?: AbortSignal): Promise<string> {
    if (!isValidTenantId(tenantId)) {
      return Promise.reject(new GraphError('notFound', 'not a tenant id'));
    }
    // msal puts no time limit on the token POST: a request stuck longer than this is not shared,
    // so one hung call cannot hold a tenant's checks hostage until the socket gives up.
    const current = this.inFlight.get(tenantId);
    if (current && Date.now() - current.startedAt < IN_FLIGHT_SHARE_MS) {
      return abortable(current.promise, signal);
    }
    const entry = { promise: this.acquire(tenantId), startedAt: Date.now() };
    this.inFlight.set(tenantId, entry);
    const clear = (): void => {
      if (this.inFlight.get(tenantId) === entry) {
        this.inFlight.delete(tenantId);
      }
    };
    entry.promise.then(clear, clear);
    return abortable(entry.promise, signal);
  }

  private async acquire(tenantId: string): Promise<string> {
    let result;
    try {
      // msal answers from this tenant's cache while the token is valid; it only calls the endpoint when needed.
      result = await this.appFor(tenantId).acquireTokenByClientCredential({ scopes: [this.settings.scope] });
    } catch (err) {
      const graphError = graphErrorFromMsal(err);
      this.log.warn(
        { tenantId, reason: graphError.reason, code: graphError.code, aadsts: graphError.details.aadsts },
        'Graph token request failed',
      );
      throw graphError;
    }
    if (!result?.accessToken) {
      throw new GraphError('failed', 'the token endpoint returned no access token');
    }
    return result.accessToken;
  }

  private appFor(tenantId: string): ConfidentialClientApplication {
    let app = this.apps.get(tenantId);
    if (!app) {
      app = new ConfidentialClientApplication(this.configuration(tenantId));
      this.apps.set(tenantId, app);
    }
    return app;
  }

  private configuration(tenantId: string): Configuration {
    const { clientId, clientSecret, certificate, authorityHost } = this.settings;
    const isDefaultHost = authorityHost.toLowerCase() === DEFAULT_AUTHORITY_HOST;
    return {
      auth: {
        clientId,
        authority: `https://${authorityHost}/${tenantId}`,
        // A configured host is trusted as is: msal reads its own OpenID metadata, no instance discovery.
        ...(isDefaultHost ? {} : { knownAuthorities: [authorityHost] }),
        ...(certificate ? { clientCertificate: certificate } : { clientSecret }),
      },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Info,
          loggerCallback: (level, message, containsPii) => {
            if (containsPii) {
              return;
            }
            if (level === LogLevel.Error) {
              this.log.error({ msal: true }, message);
            } else if (level === LogLevel.Warning) {
              this.log.warn({ msal: true }, message);
            } else {
              this.log.debug({ msal: true }, message);
            }
          },
        },
      },
    };
  }
}
