/**
 * Starts the bot (local mode) and Microsoft 365 Agents Playground pointed at it, optionally with the
 * locale proxy in between. Used by `npm run playground` and by the end-to-end test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/freePort';
import { type LocaleProxy, startLocaleProxy } from './localeProxy';

export interface PlaygroundOptions {
  /** Project root (holds dist/, node_modules/ and .m365agentsplayground.yml). */
  readonly root: string;
  /** Base environment for both children (the caller reads process.env, not this module). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Bot port; 0 or undefined picks a free one. */
  readonly botPort?: number;
  /** Playground UI port; 0 or undefined picks a free one. */
  readonly uiPort?: number;
  /** Bot DATA_DIR; default: the env files' DATA_DIR. */
  readonly dataDir?: string;
  /** When set, activities reach the bot with this locale (e.g. 'lv'). */
  readonly locale?: string;
  /** Receives the children's output lines, prefixed with [bot] / [playground]. Default: dropped. */
  readonly onOutput?: (line: string) => void;
  /** How long to wait for each child to answer; default 60 s. */
  readonly startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The Playground UI to open in a browser. */
  readonly url: string;
  /** Where the bot listens, e.g. http://127.0.0.1:3978/api/messages */
  readonly botEndpoint: string;
  /** The endpoint the Playground posts to (the proxy's when a locale is set). */
  readonly playgroundEndpoint: string;
  readonly locale?: string;
  /** Stops the Playground, the proxy and the bot; safe to call twice. */
  stop(): Promise<void>;
}

function pipeLines(child: ChildProcess, prefix: string, onOutput: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onOutput(`${prefix} ${line}`);
    });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(
  child: ChildProcess,
  name: string,
  port: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before listening on port ${port}`,
      );
    }
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess | undefined, timeoutMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const onOutput = options.onOutput ?? (() => undefined);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const botPort = options.botPort || (await freePort());
  const uiPort = options.uiPort || (await freePort());
  const botEndpoint = `http://127.0.0.1:${botPort}/api/messages`;
  let bot: ChildProcess | undefined;
  let playground: ChildProcess | undefined;
  let proxy: LocaleProxy | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(playground);
    await proxy?.close();
    await stopChild(bot);
  };

  try {
    bot = spawn(process.execPath, [path.join(options.root, 'dist', 'src', 'index.js')], {
      cwd: options.root,
      env: {
        ...options.environment,
        // Always local mode here: an app id from env/.env.local.user would switch on authentication.
        MicrosoftAppId: '',
        PORT: String(botPort),
        ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeLines(bot, '[bot]', onOutput);
    await waitForPort(bot, 'the bot', botPort, timeoutMs);

    if (options.locale) {
      proxy = await startLocaleProxy({ target: `http://127.0.0.1:${botPort}`, locale: options.locale });
    }
    const playgroundEndpoint = proxy?.url ?? botEndpoint;
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'agentsplayground-'));
    playground = spawn(
      process.execPath,
      [
        '--require',
        path.join(__dirname, 'loopbackPreload.js'),
        path.join(options.root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
        '-e',
        playgroundEndpoint,
        '-p',
        String(uiPort),
        '--disable-telemetry',
      ],
      {
        cwd: options.root,
        env: {
          ...options.environment,
          TEAMSAPPTESTER_BROWSER: 'none',
          APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(options.root, '.m365agentsplayground.yml'),
          // Its default log file is ./devTools/… in the working directory, i.e. inside the repository.
          M365_AGENTS_PLAYGROUND_LOGFILE: path.join(logDir, 'm365agentsplayground.log'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pipeLines(playground, '[playground]', onOutput);
    await waitForPort(playground, 'the Playground', uiPort, timeoutMs);
    return {
      url: `http://127.0.0.1:${uiPort}`,
      botEndpoint,
      playgroundEndpoint,
      locale: options.locale,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
