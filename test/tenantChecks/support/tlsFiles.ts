import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFiles {
  dir: string;
  /** Server certificate for 127.0.0.1; also the CA file a client must trust. */
  certPath: string;
  cert: string;
  key: string;
  /** The app's own client certificate + key in one PEM (for the certificate credential). */
  appPemPath: string;
  appCert: string;
  appKey: string;
  remove: () => void;
}

function selfSigned(
  dir: string,
  name: string,
  subject: string,
  extra: string[],
): { cert: string; key: string } {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      subject,
      ...extra,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

/** Makes a fresh temp dir with a loopback server certificate and an app client certificate. */
export function makeTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'graph-fake-'));
  const server = selfSigned(dir, 'server', '/CN=127.0.0.1', ['-addext', 'subjectAltName=IP:127.0.0.1']);
  const app = selfSigned(dir, 'app', '/CN=writeback-bot-graph', []);
  const appPemPath = join(dir, 'app.pem');
  writeFileSync(appPemPath, `${app.cert}${app.key}`);
  return {
    dir,
    certPath: join(dir, 'server.crt'),
    cert: server.cert,
    key: server.key,
    appPemPath,
    appCert: app.cert,
    appKey: app.key,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
