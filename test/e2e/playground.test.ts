/**
 * End to end: the bot + Microsoft 365 Agents Playground in headless Debian Chromium (playwright-core).
 * Walks the Connectivity section once in English and once in Latvian (through the locale proxy),
 * checking that each card renders in the Playground's Adaptive Card renderer and that answered cards
 * are replaced by their one-line summary. Screenshots: artifacts/e2e/<locale>/NN-step.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { CARD, type E2eRun, ROOT, Shots, isLoopback, loadLocale, startE2e, text } from './support';

const CONNECTIVITY = ['connectVersion', 'firewall', 'idleTimeout', 'tls12'] as const;
/** Answers given per check, in order; OK and Skip keep the section linear (Not OK opens a fix card). */
const ANSWERS = ['ok', 'skip', 'ok', 'ok'] as const;
const STATUS_KEY = { ok: 'ok', skip: 'skip' } as const;

for (const locale of ['en', 'lv'] as const) {
  describe(`Playground end to end (${locale})`, function () {
    this.timeout(180_000);
    const t = loadLocale(locale);
    let run: E2eRun | undefined;

    before(async function () {
      // The Playground's UI sends en-US; English goes straight to the bot, other languages via the proxy.
      run = await startE2e(locale === 'en' ? undefined : locale);
    });

    after(async function () {
      await run?.stop(this.currentTest?.state === 'failed', locale);
    });

    it('walks the Connectivity section: every card renders and answered cards collapse to one line', async function () {
      assert.ok(run);
      const shots = new Shots(path.join(ROOT, 'artifacts', 'e2e', locale));
      const page = await run.openPage();
      const cards = page.locator(CARD);

      const welcome = cards.filter({ hasText: text(t, 'welcome.title') }).last();
      await welcome.waitFor({ timeout: 60_000 });
      await shots.take(page, 'welcome');
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
        await shots.take(page, `${id}-card`);

        const answer = ANSWERS[i];
        await card.getByRole('button', { name: text(t, `card.answers.${answer}`), exact: true }).click();
        // The answered card is replaced in place by "<title>: <status> · <time>" without buttons.
        const line = `${title}: ${text(t, `card.status.${STATUS_KEY[answer]}`)}`;
        const answered = cards.filter({ hasText: line }).last();
        await answered.waitFor({ timeout: 30_000 });
        assert.equal(await answered.getByRole('button').count(), 0, `answered card ${id} has no buttons`);
        await shots.take(page, `${id}-answered`);
      }

      const summaryTitle = text(t, 'summary.title').replace('{{section}}', sectionTitle);
      const summary = cards.filter({ hasText: summaryTitle }).last();
      await summary.waitFor({ timeout: 30_000 });
      const summaryText = await summary.innerText();
      assert.ok(
        summaryText.includes(text(t, 'summary.someSkipped_one').replace('{{count}}', '1')),
        'summary counts the one skipped check',
      );
      await shots.take(page, 'summary');
      assert.equal(
        await cards.filter({ hasText: text(t, 'card.answers.ok') }).count(),
        0,
        'no card still asks',
      );
      assert.ok(run.blocked.every((u) => !isLoopback(u)));
      await page.close();
    });
  });
}
