import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a token request to the stand-in carried. */
export interface TokenRequest {
  resource?: string;
  clientId?: string;
  apiVersion?: string;
  secretHeaderOk: boolean;
}

const base64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A local stand-in for App Service's managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER,
 * API version 2019-08-01), which @azure/identity's ManagedIdentityCredential asks for tokens on App
 * Service. It hands out JWTs shaped as Microsoft Entra ID issues them for Azure Storage (issuer
 * sts.windows.net/<tenant>/, audience https://storage.azure.com); Azurite's `--oauth basic` checks
 * exactly those claims and the lifetime. The signature is not real: Azurite does not check it.
 */
export class ManagedIdentityStub {
  readonly header = randomUUID();
  readonly requests: TokenRequest[] = [];
  /** The token's audience; change it to see storage refuse the token. */
  audience = 'https://storage.azure.com';
  private server?: Server;

  constructor(readonly tenantId: string = randomUUID()) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: TokenRequest = {
        resource: url.searchParams.get('resource') ?? undefined,
        clientId: url.searchParams.get('client_id') ?? undefined,
        apiVersion: url.searchParams.get('api-version') ?? undefined,
        secretHeaderOk: req.headers['x-identity-header'] === this.header,
      };
      this.requests.push(request);
      if (!request.secretHeaderOk || url.pathname !== '/msi/token') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const expires = now + 3600;
      const claims = {
        aud: this.audience,
        iss: `https://sts.windows.net/${this.tenantId}/`,
        iat: now,
        nbf: now,
        exp: expires,
        oid: randomUUID(),
        tid: this.tenantId,
        appid: request.clientId,
      };
      const token = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.${base64url('not-signed')}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: token,
          expires_on: String(expires),
          resource: request.resource,
          token_type: 'Bearer',
          client_id: request.clientId,
        }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/msi/token`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
