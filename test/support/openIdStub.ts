import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Bot Framework OpenID metadata + JWKS endpoints, and a signer of
 * channel tokens with test RSA keys. The SDK caches metadata per URL for the life of the process
 * (JwtTokenExtractor.openIdMetadataCache, 24 h), so every stub gets a fresh port and thus a fresh URL;
 * all keys are published from the start (an unknown key id is looked up again at most once an hour).
 */

export const CHANNEL_ISSUER = 'https://api.botframework.test';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  endorsements: string[];
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function newKey(kid: string, endorsements: string[] = ['msteams']): TestKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, endorsements };
}

/** Signs header.payload; `alg` picks RS256 (default), HS256 (with `secret`) or none (no signature). */
export function signToken(
  payload: Record<string, unknown>,
  options: { key?: TestKey; kid?: string; alg?: 'RS256' | 'HS256' | 'none'; secret?: string } = {},
): string {
  const alg = options.alg ?? 'RS256';
  const header = {
    alg,
    typ: 'JWT',
    ...((options.kid ?? options.key?.kid) ? { kid: options.kid ?? options.key?.kid } : {}),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  if (alg === 'none') return `${input}.`;
  if (alg === 'HS256') {
    return `${input}.${createHmac('sha256', options.secret ?? 'shared')
      .update(input)
      .digest('base64url')}`;
  }
  if (!options.key) throw new Error('RS256 needs a key');
  return `${input}.${base64url(sign('RSA-SHA256', Buffer.from(input), options.key.privateKey))}`;
}

export class OpenIdStub {
  private server?: Server;
  origin = '';
  requests = 0;

  constructor(readonly keys: TestKey[]) {}

  get metadataUrl(): string {
    return `${this.origin}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.origin}/v1/keys` }));
        return;
      }
      if (req.url === '/v1/keys') {
        const keys = this.keys.map((key) => {
          const jwk = key.privateKey.export({ format: 'jwk' });
          return { kty: 'RSA', use: 'sig', kid: key.kid, n: jwk.n, e: jwk.e, endorsements: key.endorsements };
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
