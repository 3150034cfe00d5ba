import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateFromPem } from '../../src/tenantChecks/certificate';
import {
  adminConsentUrl,
  GRAPH_PERMISSIONS,
  permissionFor,
  type TenantCheckName,
} from '../../src/tenantChecks/consent';
import { makeTlsFiles, type TlsFiles } from './support/tlsFiles';

describe('admin consent', () => {
  it('builds the adminconsent link on the configured authority host', () => {
    assert.equal(
      adminConsentUrl({
        authorityHost: 'login.microsoftonline.us',
        tenantId: '10000000-0000-4000-8000-000000000001',
        clientId: '5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d',
      }),
      'https://login.microsoftonline.us/10000000-0000-4000-8000-000000000001/adminconsent?client_id=5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d',
    );
    const withRedirect = new URL(
      adminConsentUrl({
        authorityHost: 'login.microsoftonline.com',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'abc',
        redirectUri: 'https://bot.contoso.com/consent?x=1&y=2',
      }),
    );
    assert.equal(withRedirect.searchParams.get('redirect_uri'), 'https://bot.contoso.com/consent?x=1&y=2');
  });

  it('asks for exactly the four read-only application permissions, each check covered once', () => {
    assert.deepEqual(GRAPH_PERMISSIONS.map((p) => p.permission).sort(), [
      'AuditLog.Read.All',
      'Organization.Read.All',
      'RoleManagement.Read.Directory',
      'User.Read.All',
    ]);
    assert.ok(GRAPH_PERMISSIONS.every((p) => p.type === 'Application' && p.purpose.length > 0));
    const checks: TenantCheckName[] = [
      'licences',
      'directorySync',
      'adminAccount',
      'adminRoles',
      'writebackFailures',
    ];
    const covered = GRAPH_PERMISSIONS.flatMap((p) => p.checks);
    assert.deepEqual([...covered].sort(), [...checks].sort());
    assert.equal(permissionFor('adminRoles'), 'RoleManagement.Read.Directory');
  });
});

describe('certificateFromPem', () => {
  let tls: TlsFiles;
  before(() => {
    tls = makeTlsFiles();
  });
  after(() => tls.remove());

  it('takes certificate + key from one PEM and derives the SHA-256 thumbprint', () => {
    const credential = certificateFromPem(readFileSync(tls.appPemPath, 'utf8'));
    const opensslFingerprint = execFileSync('openssl', [
      'x509',
      '-noout',
      '-fingerprint',
      '-sha256',
      '-in',
      join(tls.dir, 'app.crt'),
    ])
      .toString()
      .split('=')[1]
      .trim()
      .replace(/:/g, '')
      .toLowerCase();
    assert.equal(credential.thumbprintSha256, opensslFingerprint);
    assert.match(credential.privateKey, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(credential.x5c ?? '', /BEGIN CERTIFICATE/);
  });

  it('refuses a PEM without a key, or whose key belongs to another certificate', () => {
    assert.throws(() => certificateFromPem(tls.appCert), /PRIVATE KEY/);
    assert.throws(() => certificateFromPem(`${tls.appCert}${tls.key}`), /does not belong/);
  });
});
