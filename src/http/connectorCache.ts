import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { traceConnectorClient } from '../telemetry/httpClients';

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

const MAX_CLIENTS = 256;

/** The app a turn's clients act for (the claims the SDK's factories read the app id from). */
const appOf = (claimsIdentity: ClaimsIdentity): string =>
  ['aud', 'appid', 'azp'].map((type) => claimsIdentity.getClaimValue(type) ?? '').join('|');

/**
 * Bot Framework authentication that reuses one ConnectorClient per service URL, audience and app instead
 * of building a new one (HTTP pipeline, serializers, credentials) for every turn, as CloudAdapter does.
 * The client holds no per-turn state; the legacy BotFrameworkAdapter cached its clients the same way.
 * The same for the user token client CloudAdapter makes for every turn (a token API client with its own
 * pipeline: about 2.5 % of the bot's CPU in a profile), which this bot never calls: one per app.
 */
export class ConnectorReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

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

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appOf(claimsIdentity);
    const cached = this.userTokenClients.get(key);
    if (cached) return cached;
    const created = super.createUserTokenClient(claimsIdentity);
    created.catch(() => this.userTokenClients.delete(key));
    if (this.userTokenClients.size >= MAX_CLIENTS) this.userTokenClients.clear();
    this.userTokenClients.set(key, created);
    return created;
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const app = appOf(claimsIdentity);
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
