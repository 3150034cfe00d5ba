/**
 * Error codes of the build scripts (packaging), kept apart from the bot's runtime catalogue in
 * src/core/errors.ts: the running bot never raises them. Same `WB-` scheme, so a code names its origin.
 */
export const ScriptErrorCodes = {
  /** The Teams app package was not built; the message lists every problem with file and JSON path. */
  PACKAGE_INVALID: 'WB-PKG-001',
} as const;
