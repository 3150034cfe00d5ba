/**
 * Get-WritebackDiagnostics.ps1: the read-only collector the bot serves for the Connect server, and the one
 * line that downloads and runs it (shown on the welcome card and in the Connectivity section).
 */
export const COLLECTOR_FILE = 'Get-WritebackDiagnostics.ps1';
export const COLLECTOR_PATH = `/diagnostics/${COLLECTOR_FILE}`;

/**
 * One line for a PowerShell window on the Connect server: TLS 1.2 for the download (Windows PowerShell 5.1
 * may default to older protocols), the script into %TEMP%, then run by Windows PowerShell 5.1 (where the
 * ADSync module lives) with the execution policy bypassed for that process only.
 */
export function collectorCommand(url: string): string {
  const file = `"$env:TEMP\\${COLLECTOR_FILE}"`;
  return (
    "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 'Tls12'; " +
    `Invoke-WebRequest -UseBasicParsing '${url}' -OutFile ${file}; ` +
    `powershell.exe -NoProfile -ExecutionPolicy Bypass -File ${file}`
  );
}
