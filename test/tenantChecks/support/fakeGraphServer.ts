/**
 * A loopback HTTPS stand-in for the Entra token service (OpenID metadata + token endpoint) and
 * for the Graph v1.0 endpoints the tenant checks call, with per-tenant scenarios and faults.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GraphRoute = 'subscribedSkus' | 'organization' | 'users' | 'roleAssignments' | 'directoryAudits';

type Fault =
  | { kind: 'forbidden'; code: string; message: string }
  /** Answers 429 to the first `times` requests, then serves normally. */
  | { kind: 'throttle'; times: number; retryAfter?: string }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

interface TokenRefusal {
  status: number;
  error: string;
  aadsts: number;
  description: string;
}

export interface FakeTenant {
  token?: 'ok' | TokenRefusal;
  subscribedSkus?: unknown[];
  organization?: unknown[];
  users?: Record<string, unknown>;
  /** Role assignments by principalId, each with its roleDefinition expanded. */
  roleAssignments?: Record<string, unknown[]>;
  /** Pages of directoryAudits events; pages after the first are reached through @odata.nextLink. */
  auditPages?: unknown[][];
  faults?: Partial<Record<GraphRoute, Fault>>;
}

export interface TokenRequest {
  tenantId: string;
  form: Record<string, string>;
}

export interface GraphRequest {
  tenantId: string;
  route: GraphRoute;
  path: string;
  query: Record<string, string>;
  at: number;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function graphError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } });
}

function routeOf(path: string): GraphRoute | undefined {
  if (path === '/v1.0/subscribedSkus') return 'subscribedSkus';
  if (path === '/v1.0/organization') return 'organization';
  if (/^\/v1\.0\/users\/[^/]+$/.test(path)) return 'users';
  if (path === '/v1.0/roleManagement/directory/roleAssignments') return 'roleAssignments';
  if (path === '/v1.0/auditLogs/directoryAudits') return 'directoryAudits';
  return undefined;
}

export class FakeGraphServer {
  readonly tenants = new Map<string, FakeTenant>();
  readonly tokenRequests: TokenRequest[] = [];
  readonly graphRequests: GraphRequest[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly throttled = new Map<string, number>();

  private readonly server: Server;
  private port = 0;

  private constructor(tls: { cert: string; key: string }) {
    this.server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
  }

  static async start(tls: { cert: string; key: string }): Promise<FakeGraphServer> {
    const fake = new FakeGraphServer(tls);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** host:port, what msal's knownAuthorities and the authority host setting take. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get origin(): string {
    return `https://${this.host}`;
  }

  /** Every access token handed out so far (to prove none of them reaches a log). */
  get issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  tokenRequestsFor(tenantId: string): TokenRequest[] {
    return this.tokenRequests.filter((r) => r.tenantId === tenantId);
  }

  graphRequestsFor(tenantId: string, route?: GraphRoute): GraphRequest[] {
    return this.graphRequests.filter((r) => r.tenantId === tenantId && (!route || r.route === route));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      req.on('end', () => resolve(data));
    });
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && metadata) {
      return this.openIdConfiguration(res, metadata[1]);
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      return this.token(res, token[1], Object.fromEntries(new URLSearchParams(body)));
    }
    const route = routeOf(url.pathname);
    if (req.method === 'GET' && route) {
      return this.graph(req, res, route, url);
    }
    json(res, 404, { error: 'not_found' });
  }

  private openIdConfiguration(res: ServerResponse, tenantId: string): void {
    const base = `${this.origin}/${tenantId}`;
    json(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      tenant_region_scope: 'EU',
    });
  }

  private token(res: ServerResponse, tenantId: string, form: Record<string, string>): void {
    this.tokenRequests.push({ tenantId, form });
    const refusal = this.tenants.get(tenantId)?.token;
    if (refusal && refusal !== 'ok') {
      json(res, refusal.status, {
        error: refusal.error,
        error_description: `AADSTS${refusal.aadsts}: ${refusal.description} Trace ID: 0000 Correlation ID: 0000`,
        error_codes: [refusal.aadsts],
        timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
        trace_id: '00000000-0000-0000-0000-000000000000',
        correlation_id: form['client-request-id'] ?? '00000000-0000-0000-0000-000000000000',
      });
      return;
    }
    const accessToken = `fake-${randomBytes(12).toString('hex')}`;
    this.tokens.set(accessToken, tenantId);
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: accessToken,
    });
  }

  private graph(req: IncomingMessage, res: ServerResponse, route: GraphRoute, url: URL): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tenantId = bearer === undefined ? undefined : this.tokens.get(bearer);
    if (tenantId === undefined) {
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    const query = Object.fromEntries(url.searchParams);
    this.graphRequests.push({ tenantId, route, path: url.pathname, query, at: Date.now() });
    const tenant = this.tenants.get(tenantId) ?? {};
    const fault = tenant.faults?.[route];
    if (fault?.kind === 'hang') {
      return;
    }
    if (fault?.kind === 'forbidden') {
      return graphError(res, 403, fault.code, fault.message);
    }
    if (fault?.kind === 'throttle') {
      const key = `${tenantId}|${route}`;
      const seen = this.throttled.get(key) ?? 0;
      if (seen < fault.times) {
        this.throttled.set(key, seen + 1);
        res.writeHead(429, {
          'content-type': 'application/json',
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
        });
        res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests' } }));
        return;
      }
    }
    this.serve(res, route, tenant, url, query);
  }

  private serve(
    res: ServerResponse,
    route: GraphRoute,
    tenant: FakeTenant,
    url: URL,
    query: Record<string, string>,
  ) {
    const collection = (value: unknown[], extra: Record<string, unknown> = {}) =>
      json(res, 200, { '@odata.context': `${this.origin}/v1.0/$metadata#${route}`, value, ...extra });
    switch (route) {
      case 'subscribedSkus':
        return collection(tenant.subscribedSkus ?? []);
      case 'organization':
        return collection(tenant.organization ?? []);
      case 'users': {
        const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
        const user = tenant.users?.[id];
        return user === undefined
          ? graphError(res, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`)
          : json(res, 200, user);
      }
      case 'roleAssignments': {
        const principal = /^principalId eq '([^']+)'$/.exec(query.$filter ?? '')?.[1];
        if (principal === undefined || query.$expand !== 'roleDefinition') {
          return graphError(res, 400, 'BadRequest', 'Unsupported query.');
        }
        return collection(tenant.roleAssignments?.[principal] ?? []);
      }
      case 'directoryAudits': {
        const pages = tenant.auditPages ?? [[]];
        const index = Number(query.$skiptoken ?? '0');
        const next =
          index + 1 < pages.length ? { '@odata.nextLink': this.auditNextLink(url, index + 1) } : {};
        return collection(pages[index] ?? [], next);
      }
    }
  }

  private auditNextLink(url: URL, page: number): string {
    const next = new URL(url.pathname, this.origin);
    next.searchParams.set('$skiptoken', String(page));
    return next.toString();
  }
}
