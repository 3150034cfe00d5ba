import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';

export { freePort } from '../../scripts/lib/freePort';

/** Starts the real bot (`node dist/src/index.js`) as a newcomer would, and waits for /healthz. */
export async function startBotProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/src/index.js')], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MicrosoftAppId: '', ...env },
    stdio: 'ignore',
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('bot did not start');
}

/** Posts an activity to a running bot; returns the HTTP status. */
export async function postActivity(port: number, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}
