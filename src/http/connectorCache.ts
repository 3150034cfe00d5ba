import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { traceConnectorClient } from '../telemetry/httpClients';

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

const MAX_CLIENTS = 256;

/**
 * Bot Framework authentication that reuses one ConnectorClient per service URL, audience and app instead
 * of building a new one (HTTP pipeline, serializers, credentials) for every turn, as CloudAdapter does.
 * The client holds no per-turn state; the legacy BotFrameworkAdapter cached its clients the same way.
 */
export class ConnectorReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  override async authenticateRequest(
    activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ): Promise<Authenticated> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const app = ['aud', 'appid', 'azp'].map((type) => claimsIdentity.getClaimValue(type) ?? '').join('|');
    return {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const key = `${serviceUrl}\n${audience ?? ''}\n${app}`;
        const cached = this.clients.get(key);
        if (cached) return cached;
        const created = factory.create(serviceUrl, audience).then(traceConnectorClient);
        // A failed creation is not kept; the map is bounded (service URLs are few: one per region).
        created.catch(() => this.clients.delete(key));
        if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
        this.clients.set(key, created);
        return created;
      },
    };
  }
}
