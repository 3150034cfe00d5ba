import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';

/** The real bot (`node dist/src/index.js`) with its stdout (pino JSON) and stderr captured. */
export class CapturedBot {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/src/index.js')], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', MicrosoftAppId: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Waits until /healthz answers 200; throws (and kills the child) when it never does. */
  async ready(): Promise<this> {
    for (let i = 0; i < 150; i++) {
      if (this.child.exitCode !== null) throw new Error(`bot exited: ${this.stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) return this;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    this.child.kill('SIGKILL');
    throw new Error('bot did not start');
  }

  /** Every pino line written so far, parsed. */
  logLines(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
