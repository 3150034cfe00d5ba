import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';

/** Runs a few lines in a fresh node process with the fatal handlers installed; returns its exit and output. */
function runWithHandlers(trigger: string): {
  status: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
} {
  const lifecycle = join(PROJECT_ROOT, 'dist/src/lifecycle.js');
  const logger = join(PROJECT_ROOT, 'dist/src/core/logger.js');
  const script = `
    const { installFatalHandlers } = require(${JSON.stringify(lifecycle)});
    const { createLogger } = require(${JSON.stringify(logger)});
    installFatalHandlers(createLogger('info'), () => process.stdout.write('{"msg":"cleanup ran"}\\n'));
    ${trigger}
    setTimeout(() => process.exit(0), 2000);
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const lines = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: result.status, lines, stderr: result.stderr };
}

describe('last-resort handlers', () => {
  it('an unhandled rejection is logged with its code and the process exits 1', () => {
    const { status, lines } = runWithHandlers("Promise.reject(new Error('lost promise'));");
    assert.equal(status, 1);
    const fatal = lines.find((l) => l.msg === 'unhandled promise rejection');
    assert.ok(fatal, JSON.stringify(lines));
    assert.equal(fatal.level, 60);
    assert.equal(fatal.code, 'WB-TURN-500');
    assert.equal((fatal.err as { message: string }).message, 'lost promise');
    assert.ok(
      lines.some((l) => l.msg === 'cleanup ran'),
      'the lock is released on the way out',
    );
  });

  it('an uncaught exception is logged with its code and the process exits 1', () => {
    const { status, lines, stderr } = runWithHandlers(
      "setTimeout(() => { throw new Error('thrown late'); }, 10);",
    );
    assert.equal(status, 1);
    const fatal = lines.find((l) => l.msg === 'uncaught exception');
    assert.ok(fatal);
    assert.equal(fatal.code, 'WB-TURN-500');
    assert.ok(!stderr.includes('thrown late'), 'reported in pino, not as a raw stack on stderr');
  });
});
