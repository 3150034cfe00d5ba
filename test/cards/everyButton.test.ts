/**
 * Every button works: in each language, every kind of card the bot sends is brought up as a user
 * would (install, clicks, typed commands, pasted output, a reminder falling due, an escalation), and
 * every action on it is clicked over HTTP as Teams sends it: Action.Submit as a message with `value`
 * and `replyToId`, Action.Execute as an `adaptiveCard/action` invoke and as its Submit fallback,
 * ShowCard sub-actions included, inputs filled in. A click must not be answered with the stale-card
 * note, an error or a refusal, and must do what its title says. Links are checked, not opened.
 *
 * The table is card kind → how to bring it up → per action: what it does. A card that offers an
 * action the table does not describe fails, so a new button needs a row here.
 */
import assert from 'node:assert/strict';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { allText, type Card } from '../support/botHarness';
import {
  answers,
  CHAT,
  ends,
  fact,
  fixes,
  LEARN,
  lookUpEvent,
  rates,
  reassigns,
  reenable,
  refresh,
  REMIND_ROWS,
  reminderDone,
  setsPriority,
  snooze,
  SUMMARY_ROWS,
  ticket,
  version,
  welcomeRows,
  type Row,
} from '../support/buttonRows';
import * as scene from '../support/buttonScenes';
import { templatePattern, World, type Shown } from '../support/buttonWorld';
import { cardActions, headingOf, type Reply } from '../support/cardClicks';

interface CardKind {
  name: string;
  /** How a user brings the card up; it is then the newest card of its conversation. */
  bringUp: (w: World) => Promise<Shown>;
  /** That it is the card meant. */
  is: (w: World, card: Card) => void;
  /** Per action (its kind and the field that tells its buttons apart, see `actionKey`): what it does. */
  actions: Record<string, Row>;
}

const titled =
  (key: string, values: (w: World) => Record<string, string> = () => ({})) =>
  (w: World, card: Card): void =>
    assert.equal(headingOf(card), w.t.t(key, values(w)));

const checkTitled = (id: string) => titled(`checks.${id}.title`);
const fixTitled = (id: string) => titled('card.fixTitle', (w) => ({ check: w.t.t(`checks.${id}.title`) }));
const summaryTitled = (id: string) =>
  titled('summary.title', (w) => ({ section: w.t.t(`sections.${id}.title`) }));
const ticketStatus = (status: string) => (w: World, card: Card) =>
  assert.equal(fact(card, w.t.t('helpdesk.ticket.status')), w.t.t(`helpdesk.ticket.statuses.${status}`));
const listing = (key: string) => (w: World, card: Card) => {
  assert.equal(headingOf(card), w.t.t(key));
  assert.match(allText(card), /#\d+/);
};
const CASE = scene.CASE_SECTION.id;

const KINDS: CardKind[] = [
  { name: 'welcome', bringUp: (w) => w.install(), is: titled('welcome.title'), actions: welcomeRows },
  {
    name: 'help in a section',
    bringUp: async (w) =>
      w.say((await scene.stepCard(w, 'licensedAccounts')).chat, w.keyword('commands.help')),
    is: titled('welcome.helpTitle'),
    actions: welcomeRows,
  },
  {
    name: 'step card',
    bringUp: (w) => scene.stepCard(w, 'licensing'),
    is: checkTitled('licensing'),
    actions: answers('licensing'),
  },
  {
    name: 'step card with Remind me later',
    bringUp: (w) => scene.stepCard(w, 'fullSync'),
    is: checkTitled('fullSync'),
    actions: { ...answers('fullSync'), ...REMIND_ROWS },
  },
  {
    name: 'step card with the Connect version',
    bringUp: (w) => scene.stepCard(w, 'connectVersion'),
    is: checkTitled('connectVersion'),
    actions: { ...answers('connectVersion'), version },
  },
  {
    name: 'step card with an event ID',
    bringUp: (w) => scene.stepCard(w, 'eventLog'),
    is: checkTitled('eventLog'),
    actions: { ...answers('eventLog'), event: lookUpEvent },
  },
  {
    name: 'fix card',
    bringUp: (w) => scene.fixCard(w, 'licensing'),
    is: fixTitled('licensing'),
    actions: fixes('licensing'),
  },
  {
    name: 'fix card with Remind me later',
    bringUp: (w) => scene.fixCard(w, 'fullSync'),
    is: fixTitled('fullSync'),
    actions: { ...fixes('fullSync'), ...REMIND_ROWS },
  },
  {
    name: 'section summary with Remind me later and the helpdesk offer',
    bringUp: (w) => scene.summary(w, 'configuration', ['fullSync']),
    is: summaryTitled('configuration'),
    actions: SUMMARY_ROWS.configuration,
  },
  {
    name: 'section summary with the helpdesk offer',
    bringUp: (w) => scene.summary(w, 'connectivity'),
    is: summaryTitled('connectivity'),
    actions: SUMMARY_ROWS.connectivity,
  },
  {
    name: 'case summary with the helpdesk offer',
    bringUp: scene.caseSummary,
    is: titled('summary.caseTitle'),
    actions: SUMMARY_ROWS.case,
  },
  {
    name: '⚠ verdict: Get-ADSyncScheduler while a sync cycle runs',
    bringUp: (w) => scene.pasted(w, scene.SCHEDULER_BUSY),
    is: (_w, card) => assert.match(headingOf(card), /^⚠ /),
    actions: { ...REMIND_ROWS, openUrl: LEARN },
  },
  {
    name: '✗ verdict: event 6329 (0x8023061f)',
    bringUp: (w) => scene.pasted(w, scene.EVENT_6329),
    is: (_w, card) => assert.match(headingOf(card), /^✗ .*6329/),
    actions: { [`start:${CASE}`]: reenable, openUrl: LEARN },
  },
  {
    name: 'event card with Re-enable writeback',
    bringUp: (w) => scene.typed(w, 'commands.event', ' 6329'),
    is: (_w, card) => assert.match(headingOf(card), /6329/),
    actions: { [`start:${CASE}`]: reenable, openUrl: LEARN },
  },
  {
    name: 'event card',
    bringUp: (w) => scene.typed(w, 'commands.event', ' 33004'),
    is: (_w, card) => assert.match(headingOf(card), /33004/),
    actions: { openUrl: LEARN },
  },
  {
    name: 'reminder card (sent when due)',
    bringUp: scene.reminderCard,
    is: titled('reminders.title'),
    actions: {
      reminderDone,
      snooze,
      stopReminder: ends('stops the reminder', 'reminders.stopped'),
    },
  },
  {
    name: 'reminder list',
    bringUp: scene.reminderList,
    is: titled('reminders.listTitle'),
    actions: { cancelReminder: ends('cancels that reminder', 'reminders.cancelled') },
  },
  {
    name: 'ticket confirmation',
    bringUp: scene.confirmation,
    is: (w, card) => assert.match(headingOf(card), templatePattern(w.t.t('helpdesk.confirm.title'))),
    actions: {},
  },
  {
    name: 'ticket card (open, in the helpdesk channel)',
    bringUp: scene.ticketOpen,
    is: ticketStatus('open'),
    actions: {
      'ticket:assign': ticket('assign', 'assigned'),
      'ticket:resolve': ticket('resolve', 'resolved'),
      'ticket:refresh': refresh('open'),
      'ticket:priority': setsPriority('open'),
      openUrl: CHAT,
    },
  },
  {
    name: 'ticket card (assigned)',
    bringUp: scene.ticketAssigned,
    is: ticketStatus('assigned'),
    actions: {
      'ticket:unassign': ticket('unassign', 'open'),
      'ticket:resolve': ticket('resolve', 'resolved'),
      'ticket:refresh': refresh('assigned'),
      'ticket:priority': setsPriority('assigned'),
      'ticket:reassign': reassigns,
      openUrl: CHAT,
    },
  },
  {
    name: 'ticket card (resolved)',
    bringUp: scene.ticketResolved,
    is: ticketStatus('resolved'),
    actions: {
      'ticket:reopen': ticket('reopen', 'open'),
      'ticket:refresh': refresh('resolved'),
      openUrl: CHAT,
    },
  },
  {
    name: "the admin's rating card",
    bringUp: scene.ratingCard,
    is: (w, card) => assert.match(headingOf(card), templatePattern(w.t.t('helpdesk.rating.title'))),
    actions: { 'ticket:rate': rates },
  },
  {
    name: 'helpdesk summary (helpdesk stats)',
    bringUp: scene.helpdeskStats,
    is: titled('helpdesk.stats.title'),
    actions: {},
  },
  {
    name: 'ticket list (helpdesk channel)',
    bringUp: scene.helpdeskTickets,
    is: listing('helpdesk.list.openTitle'),
    actions: {},
  },
  {
    name: "ticket list (the admin's own)",
    bringUp: scene.ownTickets,
    is: listing('helpdesk.list.mineTitle'),
    actions: {},
  },
];

const NO_REPLY: Reply = { status: 200, posted: [], updated: [] };

/**
 * Cards brought up and not clicked (looked at, or only their links checked), by kind: the next click
 * takes one instead of bringing the card up again. Each is the newest card of its own conversation.
 */
type Unclicked = Map<CardKind, Shown>;

/** Clicks every action of one key: each on a card brought up afresh (a click changes what is current). */
async function clickEvery(w: World, spares: Unclicked, kind: CardKind, key: string, row: Row) {
  const first = spares.get(kind) ?? (await kind.bringUp(w));
  spares.delete(kind);
  const onFirst = cardActions(first.card).filter((a) => a.key === key);
  assert.ok(onFirst.length > 0, `the card offers ${key}`);
  let firstClicked = false;
  for (let i = 0; i < onFirst.length; i++) {
    // A link is looked at, not followed: nothing changes, the first card serves them all.
    const link = onFirst[i].type === 'Action.OpenUrl';
    const shown = link || !firstClicked ? first : await kind.bringUp(w);
    const action = cardActions(shown.card).filter((a) => a.key === key)[i];
    const how = action.fallback ? ' (the Action.Submit fallback)' : action.refresh ? ' (refresh)' : '';
    const doing = `${kind.name}: ${action.path.join(' › ')}${how}`;
    try {
      if (link) {
        await row.effect({ w, shown, action, reply: NO_REPLY, threadsBefore: 0 });
        continue;
      }
      firstClicked = true;
      const threadsBefore = w.h.connector.created.length;
      const reply = await shown.place.click(action, shown.activityId, scene.fills(w));
      w.assertClean(reply, doing);
      await row.effect({ w, shown, action, reply, threadsBefore });
    } catch (err) {
      if (err instanceof Error && !err.message.startsWith(kind.name))
        err.message = `${doing}: ${err.message}`;
      throw err;
    }
  }
  if (!firstClicked) spares.set(kind, first);
}

for (const locale of SUPPORTED_LOCALES) {
  describe(`every button works (${locale})`, function () {
    this.timeout(60_000);
    const w = new World(locale);
    before(() => w.start());
    after(() => w.stop());
    const spares: Unclicked = new Map();

    it('a click on a card that is no longer current is caught (what the rows rely on)', async () => {
      const check = await scene.stepCard(w, 'licensing');
      await w.press(check, 'answer:ok');
      const again = await check.place.click(w.only(check, 'answer:ok'), check.activityId, {});
      assert.throws(
        () => w.assertClean(again, 'OK on the answered card'),
        (err: unknown) => err instanceof Error && err.message.includes(w.t.t('notes.stale')),
      );
    });

    for (const kind of KINDS) {
      it(`${kind.name}: offers exactly the actions described`, async () => {
        const shown = await kind.bringUp(w);
        kind.is(w, shown.card);
        const keys = [...new Set(cardActions(shown.card).map((a) => a.key))].sort();
        assert.deepEqual(keys, Object.keys(kind.actions).sort());
        spares.set(kind, shown);
      });
      for (const [key, row] of Object.entries(kind.actions))
        it(`${kind.name} › ${key}: ${row.does}`, () => clickEvery(w, spares, kind, key, row));
    }
  });
}
