/**
 * `npm run playground [-- --locale lv] [--port 56150] [--bot-port 3978]`: starts the bot in local mode
 * and Microsoft 365 Agents Playground pointed at it, prints the URL to open, stops both on Ctrl+C.
 * With --locale, a loopback proxy rewrites each activity's locale (the Playground always sends en-US).
 */
import { PROJECT_ROOT } from '../src/core/paths';
import { SUPPORTED_LOCALES, isSupportedLocale } from '../src/i18n/locales';
import { readCommandLine } from './lib/command-line';
import { startPlayground } from './playground/launcher';

const USAGE =
  'usage: npm run playground -- [--locale <code>] [--port <uiPort>] [--bot-port <port>]\n' +
  `  --locale    one of ${SUPPORTED_LOCALES.join(', ')} (default: en, what the Playground sends)\n` +
  '  --port      Playground UI port (default 56150)\n' +
  '  --bot-port  bot port (default: a free port)\n';

export interface PlaygroundArgs {
  readonly locale?: string;
  readonly uiPort: number;
  readonly botPort: number;
}

function parsePort(flag: string, value: string | undefined, fallback: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : `${flag} needs a port number`;
}

/** `--locale lv`, `--locale=lv`, `--port N`, `--bot-port N`; anything else is an error. */
export function parseArgs(argv: readonly string[]): PlaygroundArgs | { help: true } | { error: string } {
  const args = readCommandLine(argv, { locale: {}, port: {}, 'bot-port': {} });
  if (!('values' in args)) return args;
  const { values } = args;
  let locale: string | undefined;
  if (values.locale !== undefined) {
    const wanted = values.locale.toLowerCase();
    locale = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === wanted);
    if (!locale || !isSupportedLocale(locale)) {
      return {
        error: `unsupported locale ${JSON.stringify(values.locale)}; use one of ${SUPPORTED_LOCALES.join(', ')}`,
      };
    }
  }
  const uiPort = parsePort('--port', values.port, 56150);
  if (typeof uiPort === 'string') return { error: uiPort };
  const botPort = parsePort('--bot-port', values['bot-port'], 0);
  if (typeof botPort === 'string') return { error: botPort };
  return { locale, uiPort, botPort };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('help' in args) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`${args.error}\n${USAGE}`);
    return 2;
  }
  const root = PROJECT_ROOT;
  const running = await startPlayground({
    root,
    environment: process.env,
    locale: args.locale,
    uiPort: args.uiPort,
    botPort: args.botPort,
    onOutput: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `\nMicrosoft 365 Agents Playground: open ${running.url}\n` +
      `  bot: ${running.botEndpoint}` +
      (running.locale
        ? `  (activities rewritten to locale ${running.locale} by ${running.playgroundEndpoint})`
        : '') +
      '\n  Press Ctrl+C to stop both.\n\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.stop();
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Playground not started: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
