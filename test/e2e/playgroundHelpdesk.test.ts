/**
 * End to end: helpdesk escalation in Microsoft 365 Agents Playground (headless Debian Chromium).
 * A team member @mentions the bot with `helpdesk here` in the team channel from
 * .m365agentsplayground.yml; the admin runs "Still not working" in the personal chat and sends the
 * case with a description; the ticket card arrives in the channel as a new post and renders, with
 * the description as typed (no formatting, no link); "Assign to me" goes through Action.Execute and
 * the card is replaced in place.
 *
 * What the Playground cannot do: it has exactly one current user (`currentUser` in the yml; its UI
 * has no way to act as one of the other `users`), so the admin who escalates is also the helpdesk
 * member who clicks. The first click is therefore refused (a requester cannot work on their own
 * ticket), and the test asserts that refusal on the card the invoke returns. For the second click
 * the test rewrites the `from.id` of the UI's one invoke request to another yml user (the
 * Playground's invoke endpoint takes the clicking user's id and checks it against the team): the
 * bot checks that user's team membership with the Playground, assigns, posts the thread line and
 * tells the requester in the personal chat; the same user then resolves with a note. Screenshots:
 * artifacts/e2e/helpdesk/NN-step.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CARD, type E2eRun, ROOT, Shots, TEXTBOX, isLoopback, loadLocale, startE2e, text } from './support';

const t = loadLocale('en');
const ZWSP = /\u200B/g;
/** Typed by the admin: markdown, a link and an <at> tag that must all show as the characters typed. */
const DESCRIPTION =
  'Since Monday **no user** can reset a password; see [portal](https://example.invalid) <at>Megan</at>';

const RESOLUTION = 'Renewed the connector account password and ran a full sync';

/** The names the Playground shows, read from its configuration so the test follows the yml. */
function playgroundNames(): {
  bot: string;
  user: string;
  channel: string;
  other: { id: string; name: string };
} {
  const yml = readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8');
  const pick = (re: RegExp, what: string): string => {
    const found = re.exec(yml)?.[1]?.trim();
    assert.ok(found, `.m365agentsplayground.yml: ${what} not found`);
    return found;
  };
  return {
    bot: pick(/^bot:\n(?:\s+\w+:.*\n)*?\s+name: (.+)$/m, 'bot.name'),
    user: pick(/^currentUser:\n(?:\s+\w+:.*\n)*?\s+name: (.+)$/m, 'currentUser.name'),
    channel: pick(/^\s+channels:\n\s+- id: .+\n\s+name: (.+)$/m, 'team.channels[0].name'),
    other: {
      id: pick(/^users:\n\s+- id: (.+)$/m, 'users[0].id'),
      name: pick(/^users:\n\s+- id: .+\n\s+name: (.+)$/m, 'users[0].name'),
    },
  };
}

/** A locale template as a pattern: `{{x}}` matches anything, the rest literally. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\w+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('(.+?)'));
}

async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
}

async function sendInChat(page: Page, message: string): Promise<void> {
  await page.locator(TEXTBOX).last().click();
  await page.keyboard.type(message);
  await page.keyboard.press('Enter');
}

/**
 * The UI's next Action.Execute (POST /_conversation/v1/invoke, which names the clicking user in
 * `from.id`) is sent as `userId` instead of the Playground's one current user.
 */
async function nextInvokeAs(page: Page, userId: string): Promise<void> {
  await page.route(
    '**/_conversation/v1/invoke',
    async (route) => {
      const body = route.request().postDataJSON() as { from?: Record<string, unknown> };
      await route.continue({ postData: JSON.stringify({ ...body, from: { ...body.from, id: userId } }) });
    },
    { times: 1 },
  );
}

/**
 * Opens the ShowCard `open` on `card`, types `value` into its text box and clicks `submit`. The
 * Playground renders a card again (its ShowCard closed, the typed text gone) when another message
 * of the conversation arrives or is updated; on a loaded machine that can fall between these steps,
 * so the whole sequence is tried again (a second escalation of the same card would make no second
 * ticket anyway).
 */
async function fillAndSubmit(
  card: Locator,
  labels: { open: string; submit: string },
  value: string,
  beforeSubmit: () => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const textbox = card.getByRole('textbox');
      if (!(await textbox.isVisible())) {
        await card.getByRole('button', { name: labels.open, exact: true }).click({ timeout: 10_000 });
      }
      await textbox.fill(value, { timeout: 5_000 });
      await beforeSubmit();
      await card.getByRole('button', { name: labels.submit, exact: true }).click({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

const plain = async (locator: Locator): Promise<string> => (await locator.innerText()).replace(ZWSP, '');

describe('Playground end to end: helpdesk channel, escalation, ticket card', function () {
  this.timeout(180_000);
  const names = playgroundNames();
  let run: E2eRun | undefined;
  let page: Page | undefined;
  let shots: Shots | undefined;

  before(async function () {
    run = await startE2e();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page && !page.isClosed()) await shots?.take(page, 'failure');
  });

  after(async function () {
    await run?.stop(this.currentTest?.state === 'failed', 'helpdesk');
  });

  it('sets the helpdesk by @mention, escalates from the personal chat, and the ticket is worked on the card (Action.Execute)', async function () {
    // The walk itself is bounded; starting the bot and the Playground (before) has its own limits.
    this.timeout(90_000);
    assert.ok(run);
    shots = new Shots(path.join(ROOT, 'artifacts', 'e2e', 'helpdesk'));
    page = await run.openPage();
    const current = { page, shots }; // for callbacks (the describe-level variables are not narrowed there)
    const cards = page.locator(CARD);
    // A channel post: the thread root, its replies and its reply box (the first group is the composer).
    const posts = page.locator('div[role="group"]');
    await cards
      .filter({ hasText: text(t, 'welcome.title') })
      .first()
      .waitFor({ timeout: 60_000 });

    // 1. In the team channel, a new post that @mentions the bot: "helpdesk here".
    await openConversation(page, names.channel);
    const composer = page.locator(TEXTBOX).first();
    await composer.click();
    await page.keyboard.type('@');
    // The picker's items are named by avatar and text together, hence hasText rather than an exact name.
    await page.getByRole('menuitem').filter({ hasText: names.bot }).first().click();
    await page.keyboard.type(` ${text(t, 'helpdesk.commands.here.0')}`);
    await shots.take(page, 'channel-mention-typed');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const setPattern = templatePattern(text(t, 'helpdesk.setup.set'));
    const confirmation = page.locator('p').filter({ hasText: setPattern });
    await confirmation.waitFor({ timeout: 30_000 });
    const [, , language] = setPattern.exec(await confirmation.innerText()) ?? [];
    assert.equal(language, 'English', 'the helpdesk language is the English of the member who set it');
    const setupPost = posts.filter({ has: confirmation }).last();
    assert.ok((await setupPost.innerText()).includes(names.bot), 'the confirmation is in the mention thread');
    await shots.take(page, 'channel-helpdesk-set');

    // 2. In the personal chat: "still not working", skip both checks, send the case summary.
    await openConversation(page, 'Personal Chat');
    await sendInChat(page, 'still not working');
    for (const id of ['reenableWriteback', 'eventLog']) {
      const check = cards
        .filter({ hasText: text(t, `checks.${id}.title`) })
        .filter({ has: page.getByRole('button', { name: text(t, 'card.answers.skip'), exact: true }) })
        .last();
      await check.waitFor({ timeout: 30_000 });
      await check.getByRole('button', { name: text(t, 'card.answers.skip'), exact: true }).click();
      await cards
        .filter({ hasText: `${text(t, `checks.${id}.title`)}: ${text(t, 'card.status.skip')}` })
        .last()
        .waitFor({ timeout: 30_000 });
    }
    const summary = cards.filter({ hasText: text(t, 'summary.caseTitle') }).last();
    await summary.waitFor({ timeout: 30_000 });
    await fillAndSubmit(
      summary,
      { open: text(t, 'helpdesk.offer.send'), submit: text(t, 'helpdesk.offer.submit') },
      DESCRIPTION,
      () => current.shots.take(current.page, 'summary-send-to-helpdesk'),
    );

    const confirmPattern = templatePattern(text(t, 'helpdesk.confirm.title'));
    const confirmCard = cards.filter({ hasText: confirmPattern }).last();
    await confirmCard.waitFor({ timeout: 30_000 });
    const number = confirmPattern.exec(await confirmCard.innerText())?.[1] ?? '';
    assert.match(number, /^\d+$/, 'the confirmation card names the ticket number');
    assert.ok((await confirmCard.innerText()).includes(text(t, 'helpdesk.confirm.body')));
    await shots.take(page, 'chat-ticket-confirmed');

    // 3. Back in the channel: the ticket card is a new post (its own thread) and renders.
    await openConversation(page, names.channel);
    const ticketTitle = text(t, 'helpdesk.ticket.title', { number });
    const ticket = cards.filter({ hasText: ticketTitle });
    await ticket.waitFor({ timeout: 30_000 });
    const ticketPost = posts.filter({ has: ticket }).last();
    assert.equal(
      await ticketPost.filter({ has: confirmation }).count(),
      0,
      'the ticket starts its own thread, not a reply under "helpdesk here"',
    );
    assert.equal(
      await setupPost.filter({ has: ticket }).count(),
      0,
      'the "helpdesk here" thread has no ticket',
    );
    const shown = await plain(ticket);
    for (const expected of [
      names.user,
      text(t, 'helpdesk.ticket.statuses.open'),
      text(t, 'helpdesk.ticket.descriptionTitle'),
      text(t, `checks.eventLog.title`),
      DESCRIPTION,
    ]) {
      assert.ok(shown.includes(expected), `the ticket card shows "${expected}"`);
    }
    // Shown as typed: nothing in it became bold, a link or a mention.
    assert.equal(await ticket.locator('a', { hasText: 'portal' }).count(), 0, 'no link formed');
    assert.equal(await ticket.locator('strong, b', { hasText: 'no user' }).count(), 0, 'no bold formed');
    await ticket.getByText(ticketTitle).scrollIntoViewIfNeeded();
    await shots.take(page, 'channel-ticket-card');

    // 4. Action.Execute: "Assign to me" by the only Playground user, who is also the requester.
    await ticket.getByRole('button', { name: text(t, 'helpdesk.ticket.assign'), exact: true }).click();
    const refused = cards.filter({ hasText: text(t, 'helpdesk.refusals.ownTicket') });
    await refused.waitFor({ timeout: 30_000 });
    const afterClick = await plain(refused);
    assert.ok(
      afterClick.includes(ticketTitle),
      'the refusal is on the refreshed ticket card, replaced in place',
    );
    assert.ok(afterClick.includes(text(t, 'helpdesk.ticket.statuses.open')), 'the ticket stays open');
    assert.equal(
      await cards.filter({ hasText: ticketTitle }).count(),
      1,
      'one ticket card, not a second one',
    );
    const tookIt = templatePattern(text(t, 'helpdesk.thread.assigned'));
    assert.equal(await ticketPost.getByText(tookIt).count(), 0, 'no "took ticket" line in the thread');
    await refused.getByText(text(t, 'helpdesk.refusals.ownTicket')).scrollIntoViewIfNeeded();
    await shots.take(page, 'channel-ticket-own-refused');

    // 5. The same click by another member of the team. The Playground's UI always acts as its one
    // current user, but its own invoke endpoint (POST /_conversation/v1/invoke) names the clicking user in
    // `from.id` and checks that user against the team; so this one request is sent as the first of
    // the yml's other `users`. The bot then asks the Playground for that user's team membership.
    await nextInvokeAs(page, names.other.id);
    await ticket.getByRole('button', { name: text(t, 'helpdesk.ticket.assign'), exact: true }).click();
    const assigned = cards
      .filter({ hasText: ticketTitle })
      .filter({ hasText: text(t, 'helpdesk.ticket.statuses.assigned') });
    await assigned.waitFor({ timeout: 30_000 });
    const assignedText = await plain(assigned);
    assert.ok(assignedText.includes(names.other.name), 'the card names the new assignee');
    assert.ok(!assignedText.includes(text(t, 'helpdesk.refusals.ownTicket')), 'no refusal any more');
    assert.equal(
      await assigned.getByRole('button', { name: text(t, 'helpdesk.ticket.assign'), exact: true }).count(),
      0,
      'an assigned ticket offers no "Assign to me"',
    );
    const threadLine = ticketPost.getByText(templatePattern(text(t, 'helpdesk.thread.assigned')));
    await threadLine.waitFor({ timeout: 30_000 });
    assert.ok(
      (await threadLine.innerText()).startsWith(names.other.name),
      'the thread line names who took it',
    );
    await assigned.getByText(ticketTitle).scrollIntoViewIfNeeded();
    await shots.take(page, 'channel-ticket-assigned');

    // The requester is told in the personal chat.
    await openConversation(page, 'Personal Chat');
    const notice = page.getByText(text(t, 'helpdesk.notify.assigned', { name: names.other.name, number }));
    await notice.first().waitFor({ timeout: 30_000 });
    await shots.take(page, 'chat-requester-told');

    // 6. The same member resolves with a note (Action.Execute with an input inside a ShowCard).
    await openConversation(page, names.channel);
    await nextInvokeAs(page, names.other.id);
    await fillAndSubmit(
      assigned,
      { open: text(t, 'helpdesk.ticket.resolve'), submit: text(t, 'helpdesk.ticket.resolveConfirm') },
      RESOLUTION,
      () => Promise.resolve(),
    );
    const resolved = cards
      .filter({ hasText: ticketTitle })
      .filter({ hasText: text(t, 'helpdesk.ticket.statuses.resolved') });
    await resolved.waitFor({ timeout: 30_000 });
    assert.ok(
      (await plain(resolved)).includes(text(t, 'helpdesk.ticket.resolution', { note: RESOLUTION })),
      'the card shows the resolution note',
    );
    await resolved.getByRole('button', { name: text(t, 'helpdesk.ticket.reopen'), exact: true }).waitFor();
    await ticketPost
      .getByText(templatePattern(text(t, 'helpdesk.thread.resolvedWithNote')))
      .waitFor({ timeout: 30_000 });
    await resolved.getByText(ticketTitle).scrollIntoViewIfNeeded();
    await shots.take(page, 'channel-ticket-resolved');
    await openConversation(page, 'Personal Chat');
    await page
      .getByText(text(t, 'helpdesk.notify.resolvedWithNote', { number, note: RESOLUTION }))
      .first()
      .waitFor({ timeout: 30_000 });
    await shots.take(page, 'chat-requester-told-resolved');

    assert.ok(run.blocked.every((u) => !isLoopback(u)));
    await page.close();
  });
});
