import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunnerRequest, RunnerResult } from './checkRunner';

/**
 * Runs the tenant checks in a fresh node process. `caPath` becomes NODE_EXTRA_CA_CERTS; the child
 * gets no other environment, so no proxy or credential from the parent leaks in.
 */
export function runChecksInChild(request: RunnerRequest, caPath?: string): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'checkRunner.js')], {
      env: caPath ? { NODE_EXTRA_CA_CERTS: caPath } : {},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) {
        reject(new Error(`check runner exited ${code}: ${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as RunnerResult);
      } catch (err) {
        reject(new Error(`check runner wrote no JSON (${String(err)}): ${stdout.slice(0, 500)} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}
