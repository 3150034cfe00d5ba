/**
 * What the Playground browser tests share: Debian Chromium through playwright-core (loopback only),
 * the bot + Agents Playground started by scripts/playground/launcher.ts, locale text, screenshots.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type RunningPlayground, startPlayground } from '../../scripts/playground/launcher';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Card elements rendered by the Playground's Adaptive Card renderer. */
export const CARD = '.ac-adaptiveCard';
/** The Playground's message inputs (Lexical editors): new post, replies, chat box. */
export const TEXTBOX = 'div[role="textbox"][data-lexical-editor="true"]';

export type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

export function loadLocale(locale: string): Json {
  return JSON.parse(readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Json;
}

/** The locale string at a dotted key, with `{{name}}` placeholders filled from `values`. */
export function text(resources: Json, dotted: string, values: Record<string, string> = {}): string {
  let node: Json = resources;
  for (const part of dotted.split('.')) {
    assert.ok(node && typeof node === 'object', `locale key ${dotted} missing`);
    // Command lists are arrays: `helpdesk.commands.here.0` is the first phrase.
    node = (Array.isArray(node) ? node[Number(part)] : node[part]) ?? null;
  }
  assert.equal(typeof node, 'string', `locale key ${dotted} is not text`);
  return Object.entries(values).reduce((s, [k, v]) => s.split(`{{${k}}}`).join(v), node as string);
}

export function isLoopback(url: string): boolean {
  if (!/^https?:|^wss?:/.test(url)) return true; // data:, blob:, about:
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Numbered full-page screenshots: `<dir>/NN-<step>.png`. */
export class Shots {
  private n = 0;
  constructor(readonly dir: string) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  async take(page: Page, step: string): Promise<void> {
    this.n += 1;
    await page.screenshot({
      path: path.join(this.dir, `${String(this.n).padStart(2, '0')}-${step}.png`),
      fullPage: true,
    });
  }
}

/** The bot, the Playground (and the locale proxy when `locale` is set) and a headless Chromium. */
export interface E2eRun {
  readonly playground: RunningPlayground;
  readonly browser: Browser;
  /** The children's output lines, for the failure report. */
  readonly output: string[];
  /** Non-loopback URLs the page asked for (all aborted). */
  readonly blocked: string[];
  /** A page on the Playground UI that can reach loopback only. */
  openPage(): Promise<Page>;
  /** Closes the browser, stops the children, removes the data directory; prints output if asked. */
  stop(printOutput: boolean, label: string): Promise<void>;
}

export async function startE2e(locale?: string): Promise<E2eRun> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian Chromium (apt-get install -y chromium) to run the browser test`,
  );
  const output: string[] = [];
  const blocked: string[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-data-'));
  let playground: RunningPlayground | undefined;
  let browser: Browser | undefined;
  const stop = async (printOutput: boolean, label: string): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await playground?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (printOutput || output.some((l) => l.includes('"level":50'))) {
      process.stderr.write(`--- bot/playground output (${label}) ---\n${output.slice(-60).join('\n')}\n`);
    }
  };
  try {
    playground = await startPlayground({
      root: ROOT,
      environment: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' },
      dataDir,
      locale,
      onOutput: (line) => output.push(line),
    });
    // playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  } catch (err) {
    await stop(true, locale ?? 'start');
    throw err;
  }
  const started = { playground, browser };
  return {
    ...started,
    output,
    blocked,
    stop,
    async openPage() {
      const page = await started.browser.newPage({ viewport: { width: 1280, height: 1000 } });
      // The UI asks a CDN for fonts; nothing may leave the machine.
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (isLoopback(url)) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      await page.goto(started.playground.url);
      return page;
    },
  };
}
