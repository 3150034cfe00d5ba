import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Next, Request, Response } from 'restify';
import { COLLECTOR_FILE } from '../troubleshooting/collector';
import { PROJECT_ROOT } from '../core/paths';

/**
 * The collector script as shipped (ASCII, no BOM: a test keeps it so).
 * @internal Exported for the tests as well.
 */
export const COLLECTOR_SCRIPT_FILE = join(PROJECT_ROOT, 'assets', 'powershell', COLLECTOR_FILE);

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * GET /diagnostics/Get-WritebackDiagnostics.ps1: the script as text/plain, UTF-8 with a BOM (Windows
 * PowerShell 5.1 reads a file without one in the ANSI code page). Read once at start; the security
 * headers of every answer (nosniff, no-store) are set before routing.
 */
export function collectorScriptRoute(file: string = COLLECTOR_SCRIPT_FILE) {
  const raw = readFileSync(file);
  const body = raw.subarray(0, 3).equals(BOM) ? raw : Buffer.concat([BOM, raw]);
  return (_req: Request, res: Response, next: Next): void => {
    res.sendRaw(200, body, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
    });
    next();
  };
}
