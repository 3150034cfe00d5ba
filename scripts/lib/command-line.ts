import { parseArgs } from 'node:util';

/** The value options a script takes, by long name, with an optional one-letter short form. */
export type ValueOptions = Readonly<Record<string, { readonly short?: string }>>;

export type CommandLine = { values: Record<string, string> } | { help: true } | { error: string };

/**
 * Reads `--name value`, `--name=value` and `-n value` with node:util's parseArgs, plus `--help`/`-h`.
 * Errors use the scripts' own wording: `unknown argument "…"` (with the argument as typed) and
 * `--name needs a value` (also when the next argument is another option).
 */
export function readCommandLine(argv: readonly string[], options: ValueOptions): CommandLine {
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(
        Object.entries(options).map(([name, { short }]) => [
          name,
          short === undefined ? { type: 'string' as const } : { type: 'string' as const, short },
        ]),
      ),
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string> = {};
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'help') return { help: true };
    if (token.kind !== 'option' || !(token.name in options))
      return { error: `unknown argument ${JSON.stringify(argv[token.index])}` };
    const { value, inlineValue } = token;
    if (value === undefined || (!inlineValue && value.startsWith('-')))
      return { error: `${token.rawName} needs a value` };
    values[token.name] = value;
  }
  return { values };
}
