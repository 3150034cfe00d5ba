import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (public, documented key). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteInstance {
  blobPort: number;
  queuePort: number;
  connectionString: string;
  /** The account's service URLs (what AZURE_STORAGE_BLOB_URL / _QUEUE_URL name). */
  blobUrl: string;
  queueUrl: string;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /**
   * HTTPS with this certificate and `--oauth basic`: Azurite then accepts Microsoft Entra ID bearer
   * tokens (it checks issuer, audience and lifetime, not the signature) besides the account key.
   */
  oauth?: { certPath: string; keyPath: string };
}

/**
 * Starts Azurite (the npm devDependency) on free loopback ports in a fresh temp directory and
 * resolves once blob and queue services listen. Throws, with Azurite's output, when it cannot
 * start: tests that need it must fail, not skip.
 */
export async function startAzurite(
  timeoutMs = 30_000,
  options: AzuriteOptions = {},
): Promise<AzuriteInstance> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-'));
  const entry = require.resolve('azurite/dist/src/azurite.js');
  // Port 0: the OS picks free ports and Azurite prints them, so no probing race.
  const args = [
    entry,
    '--silent',
    '--location',
    location,
    '--blobHost',
    '127.0.0.1',
    '--queueHost',
    '127.0.0.1',
    '--tableHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--queuePort',
    '0',
    '--tablePort',
    '0',
    '--loose',
    '--skipApiVersionCheck',
    '--disableTelemetry',
    ...(options.oauth
      ? ['--oauth', 'basic', '--cert', options.oauth.certPath, '--key', options.oauth.keyPath]
      : []),
  ];
  const scheme = options.oauth ? 'https' : 'http';
  const child = spawn(process.execPath, args, { cwd: location, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ports: { blob?: number; queue?: number } = {};

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Azurite did not start in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        for (const match of output.matchAll(
          /Azurite (Blob|Queue) service is successfully listening at https?:\/\/127\.0\.0\.1:(\d+)/g,
        )) {
          ports[match[1] === 'Blob' ? 'blob' : 'queue'] = Number(match[2]);
        }
        if (ports.blob && ports.queue) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`Azurite failed to spawn: ${err.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited early (code ${code}, signal ${signal}):\n${output}`));
      });
    });
  } catch (err) {
    await stopChild(child);
    rmSync(location, { recursive: true, force: true });
    throw err;
  }

  const blobPort = ports.blob as number;
  const queuePort = ports.queue as number;
  const blobUrl = `${scheme}://127.0.0.1:${blobPort}/${ACCOUNT}`;
  const queueUrl = `${scheme}://127.0.0.1:${queuePort}/${ACCOUNT}`;
  return {
    blobPort,
    queuePort,
    blobUrl,
    queueUrl,
    connectionString:
      `DefaultEndpointsProtocol=${scheme};AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `BlobEndpoint=${blobUrl};QueueEndpoint=${queueUrl};`,
    async stop() {
      await stopChild(child);
      rmSync(location, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
