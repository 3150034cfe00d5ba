/**
 * End to end: the bot + Microsoft 365 Agents Playground in headless Debian Chromium (playwright-core).
 * Walks the Connectivity section once in English and once in Latvian (through the locale proxy),
 * checking that each card renders in the Playground's Adaptive Card renderer and that answered cards
 * are replaced by their one-line summary. Screenshots: artifacts/e2e/<locale>/NN-step.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type RunningPlayground, startPlayground } from '../../scripts/playground/launcher';

const ROOT = path.resolve(__dirname, '..', '..', '..');
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
const CONNECTIVITY = ['connectVersion', 'firewall', 'idleTimeout', 'tls12'] as const;
/** Answers given per check, in order; OK and Skip keep the section linear (Not OK opens a fix card). */
const ANSWERS = ['ok', 'skip', 'ok', 'ok'] as const;
const STATUS_KEY = { ok: 'ok', skip: 'skip' } as const;

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

function text(resources: Json, dotted: string): string {
  let node: Json = resources;
  for (const part of dotted.split('.')) {
    assert.ok(node && typeof node === 'object' && !Array.isArray(node), `locale key ${dotted} missing`);
    node = node[part];
  }
  assert.equal(typeof node, 'string', `locale key ${dotted} is not text`);
  return node as string;
}

function isLoopback(url: string): boolean {
  if (!/^https?:|^wss?:/.test(url)) return true; // data:, blob:, about:
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

async function shoot(page: Page, dir: string, counter: { n: number }, step: string): Promise<void> {
  counter.n += 1;
  await page.screenshot({
    path: path.join(dir, `${String(counter.n).padStart(2, '0')}-${step}.png`),
    fullPage: true,
  });
}

for (const locale of ['en', 'lv'] as const) {
  describe(`Playground end to end (${locale})`, function () {
    this.timeout(180_000);
    const t = JSON.parse(readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Json;
    const shotDir = path.join(ROOT, 'artifacts', 'e2e', locale);
    let dataDir = '';
    let running: RunningPlayground | undefined;
    let browser: Browser | undefined;
    const output: string[] = [];

    before(async function () {
      assert.ok(
        existsSync(CHROMIUM),
        `${CHROMIUM} is missing: install Debian Chromium (apt-get install -y chromium) to run the browser test`,
      );
      rmSync(shotDir, { recursive: true, force: true });
      mkdirSync(shotDir, { recursive: true });
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-data-'));
      running = await startPlayground({
        root: ROOT,
        environment: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' },
        dataDir,
        // The Playground's UI sends en-US; English goes straight to the bot, other languages via the proxy.
        locale: locale === 'en' ? undefined : locale,
        onOutput: (line) => output.push(line),
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        // playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
        args: CHROMIUM_FLAGS,
      });
    });

    after(async function () {
      await browser?.close().catch(() => undefined);
      await running?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (this.currentTest?.state === 'failed' || output.some((l) => l.includes('"level":50'))) {
        process.stderr.write(`--- bot/playground output (${locale}) ---\n${output.slice(-60).join('\n')}\n`);
      }
    });

    it('walks the Connectivity section: every card renders and answered cards collapse to one line', async function () {
      assert.ok(browser && running);
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const blocked: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (isLoopback(url)) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      const counter = { n: 0 };
      const cards = page.locator('.ac-adaptiveCard');
      await page.goto(running.url);

      const welcome = cards.filter({ hasText: text(t, 'welcome.title') }).last();
      await welcome.waitFor({ timeout: 60_000 });
      await shoot(page, shotDir, counter, 'welcome');
      const sectionTitle = text(t, 'sections.connectivity.title');
      await welcome.getByRole('button', { name: sectionTitle, exact: true }).click();

      for (const [i, id] of CONNECTIVITY.entries()) {
        const title = text(t, `checks.${id}.title`);
        const card = cards
          .filter({ hasText: text(t, 'card.answers.skip') })
          .filter({ hasText: title })
          .last();
        await card.waitFor({ timeout: 30_000 });
        const progress = text(t, 'card.progress')
          .replace('{{section}}', sectionTitle)
          .replace('{{n}}', String(i + 1))
          .replace('{{m}}', String(CONNECTIVITY.length));
        assert.ok((await card.innerText()).includes(progress), `card ${id} shows "${progress}"`);
        await shoot(page, shotDir, counter, `${id}-card`);

        const answer = ANSWERS[i];
        await card.getByRole('button', { name: text(t, `card.answers.${answer}`), exact: true }).click();
        // The answered card is replaced in place by "<title>: <status> · <time>" without buttons.
        const line = `${title}: ${text(t, `card.status.${STATUS_KEY[answer]}`)}`;
        const answered = cards.filter({ hasText: line }).last();
        await answered.waitFor({ timeout: 30_000 });
        assert.equal(await answered.getByRole('button').count(), 0, `answered card ${id} has no buttons`);
        await shoot(page, shotDir, counter, `${id}-answered`);
      }

      const summaryTitle = text(t, 'summary.title').replace('{{section}}', sectionTitle);
      const summary = cards.filter({ hasText: summaryTitle }).last();
      await summary.waitFor({ timeout: 30_000 });
      const summaryText = await summary.innerText();
      assert.ok(
        summaryText.includes(text(t, 'summary.someSkipped_one').replace('{{count}}', '1')),
        'summary counts the one skipped check',
      );
      await shoot(page, shotDir, counter, 'summary');
      assert.equal(
        await cards.filter({ hasText: text(t, 'card.answers.ok') }).count(),
        0,
        'no card still asks',
      );
      assert.ok(blocked.every((u) => !isLoopback(u)));
      await page.close();
    });
  });
}
