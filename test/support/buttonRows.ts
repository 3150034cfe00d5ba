/**
 * What a click must do, for the every-button test: one row builder per kind of action, each asserting
 * what the user would notice (the next card, a note, a reminder listed, a ticket in the channel).
 */
import assert from 'node:assert/strict';
import type { CheckId, ReminderChoice, SectionId } from '../../src/troubleshooting/model';
import { allText, cardOf, type Card } from './botHarness';
import { templatePattern, type Shown, type World } from './buttonWorld';
import {
  CASE_SECTION,
  DESCRIPTION,
  FIRST_SECTION,
  firstCheck,
  NOTE,
  otherLanguage,
  sectionOfCheck,
} from './buttonScenes';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import { cardActions, headingOf, postedCards, replyTexts, type FoundAction, type Reply } from './cardClicks';

const HOUR = 60 * 60 * 1000;

/** One click and what came of it. */
interface Clicked {
  w: World;
  shown: Shown;
  action: FoundAction;
  reply: Reply;
  /** Ticket threads started in the helpdesk channel before the click. */
  threadsBefore: number;
}

export interface Row {
  /** What the button's title promises, for the test's name. */
  does: string;
  effect: (c: Clicked) => void | Promise<void>;
}

// ---- what a click shows ----
function newestCard(c: Clicked): Card {
  const cards = postedCards(c.reply);
  assert.ok(cards.length > 0, `a card came back (${replyTexts(c.reply).join(' | ')})`);
  return cards.at(-1)!;
}

function says(c: Clicked, key: string): void {
  const pattern = templatePattern(c.w.t.t(key));
  assert.ok(
    replyTexts(c.reply).some((text) => pattern.test(text)),
    `expected “${c.w.t.t(key)}”, got ${replyTexts(c.reply).join(' | ')}`,
  );
}

/** The facts of a card (FactSets at any depth), title → value. */
function facts(card: Card): Array<{ title: string; value: string }> {
  const found: Array<{ title: string; value: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'FactSet') found.push(...(record.facts as typeof found));
    else Object.values(record).forEach(visit);
  };
  visit(card.body);
  return found;
}

export const fact = (card: Card, title: string): string | undefined =>
  facts(card).find((f) => f.title === title)?.value;

const opensCheck = (c: Clicked, id: CheckId): void =>
  assert.equal(headingOf(newestCard(c)), c.w.t.t(`checks.${id}.title`));

const sectionSummaryTitle = (w: World, id: SectionId): string =>
  w.t.t('summary.title', { section: w.t.t(`sections.${id}.title`) });

/** What follows a check: the next check card, or the section's summary (or the case summary). */
function opensAfter(c: Clicked, id: CheckId): void {
  const s = sectionOfCheck(id);
  const next = s.checks[s.checks.findIndex((check) => check.id === id) + 1];
  if (next) return opensCheck(c, next.id);
  const title = s.summary === 'case' ? c.w.t.t('summary.caseTitle') : sectionSummaryTitle(c.w, s.id);
  assert.equal(headingOf(newestCard(c)), title);
}

/**
 * The clicked card was replaced by its one-line answered form: an Action.Execute by the invoke's answer,
 * with no update through the connector; its Action.Submit fallback (an older client) in place.
 */
function answeredInPlace(c: Clicked, ...parts: string[]): void {
  let answered: Card;
  if (c.action.type === 'Action.Execute') {
    assert.ok(c.reply.invoke?.card, 'the invoke answered with the answered card');
    assert.deepEqual(c.reply.updated, [], 'no update through the connector');
    answered = c.reply.invoke.card;
  } else {
    const update = c.reply.updated.find((u) => u.id === c.shown.activityId);
    assert.ok(update, 'the clicked card was updated in place');
    answered = cardOf(update);
  }
  const line = allText(answered);
  for (const part of parts) assert.ok(line.includes(part), `“${part}” in “${line}”`);
}

// ---- troubleshooting ----
const answer = (id: CheckId, choice: 'ok' | 'notOk' | 'skip'): Row => ({
  does: choice === 'notOk' ? 'shows the fix card' : `records ${choice} and moves to what comes next`,
  effect: (c) => {
    const { t } = c.w;
    answeredInPlace(c, t.t(`checks.${id}.title`), t.t(`card.status.${choice}`));
    if (choice !== 'notOk') return opensAfter(c, id);
    assert.equal(headingOf(newestCard(c)), t.t('card.fixTitle', { check: t.t(`checks.${id}.title`) }));
  },
});

export const LEARN = link('learn.microsoft.com');

/** OK, Not OK, Skip and Learn more of a check card. */
export const answers = (id: CheckId): Record<string, Row> => ({
  'answer:ok': answer(id, 'ok'),
  'answer:notOk': answer(id, 'notOk'),
  'answer:skip': answer(id, 'skip'),
  openUrl: LEARN,
});

/** Check again, Move on and Learn more of a fix card. */
export const fixes = (id: CheckId): Record<string, Row> => ({
  'fix:retry': {
    does: 'shows the check card again',
    effect: (c) => {
      answeredInPlace(c, c.w.t.t('card.fixActions.retry'));
      opensCheck(c, id);
    },
  },
  'fix:moveOn': {
    does: 'moves to what comes next',
    effect: (c) => {
      answeredInPlace(c, c.w.t.t('card.fixActions.moveOn'));
      opensAfter(c, id);
    },
  },
  openUrl: LEARN,
});

export const version: Row = {
  does: 'compares the version typed (2.5.79.0: OK) and moves on',
  effect: (c) => {
    answeredInPlace(c, c.w.t.t('checks.connectVersion.title'), c.w.t.t('card.status.ok'), '2.5.79.0');
    opensAfter(c, 'connectVersion');
  },
};

export const lookUpEvent: Row = {
  does: 'explains the event ID typed, the check card stays',
  effect: (c) => {
    const card = newestCard(c);
    assert.match(headingOf(card), /6329/);
    assert.ok(!allText(card).includes(c.w.t.t('events.unknown', { id: 6329 })), 'a known event');
    assert.deepEqual(c.reply.updated, [], 'the check card is left as it is');
  },
};

const starts = (id: SectionId, does = `starts ${id} at its first check`): Row => ({
  does,
  effect: (c) => opensCheck(c, firstCheck(id)),
});

export const reenable = starts(CASE_SECTION.id, 'Re-enable writeback: starts those checks');

const menu: Row = {
  does: 'shows the main menu',
  effect: (c) => assert.equal(headingOf(newestCard(c)), c.w.t.t('welcome.title')),
};

/** The welcome card's (and the help card's) buttons, with the language choice. */
export const welcomeRows: Record<string, Row> = {
  ...Object.fromEntries(SECTIONS.map((s) => [`start:${s.id}`, starts(s.id)])),
  runAll: starts(FIRST_SECTION, 'runs all checks from the first'),
  language: {
    does: 'switches to the language chosen',
    effect: async (c) => {
      const picked = c.w.translator(otherLanguage(c.w.locale));
      assert.ok(replyTexts(c.reply).includes(picked.t('notes.languageSet')), replyTexts(c.reply).join(' | '));
      const next = await c.w.say(c.shown.chat, c.w.en.list('commands.menu')[0]);
      assert.equal(headingOf(next.card), picked.t('welcome.title'));
      assert.ok(allText(next.card).includes(picked.t('welcome.intro')), 'the menu in the language chosen');
    },
  },
};

/** Done on the reminder card: the full sync counts as OK, the section's summary follows. */
export const reminderDone: Row = {
  does: 'counts the full sync as done and goes on to the summary',
  effect: async (c) => {
    const { t } = c.w;
    const card = newestCard(c);
    assert.equal(headingOf(card), sectionSummaryTitle(c.w, sectionOfCheck('fullSync').id));
    const fullSync = facts(card).find((f) => f.value === t.t('checks.fullSync.title'));
    assert.equal(fullSync?.title, t.t('card.status.ok'), 'full sync: OK');
    await noMoreReminders(c);
  },
};

// ---- reminders ----
/** The hour and minute of a time in the admin's zone (the test conversations are in Europe/Riga). */
const localClock = (ms: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Riga',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));

const remind = (choice: ReminderChoice): Row => ({
  does: 'schedules a reminder that `reminders` lists',
  effect: async (c) => {
    says(c, 'reminders.scheduled');
    const pending = await c.w.pending(c.shown.chat);
    assert.equal(pending.length, 1, 'one pending reminder');
    const now = c.w.clock.ms;
    if (choice === 'in1Hour') assert.equal(pending[0].dueAt, now + HOUR);
    else if (choice === 'in4Hours') assert.equal(pending[0].dueAt, now + 4 * HOUR);
    else {
      assert.equal(localClock(pending[0].dueAt), '09:00');
      assert.ok(pending[0].dueAt > now && pending[0].dueAt - now <= 29 * HOUR);
    }
    const list = await c.w.say(c.shown.chat, c.w.keyword('commands.reminders'));
    assert.equal(headingOf(list.card), c.w.t.t('reminders.listTitle'));
    assert.equal(cardActions(list.card).filter((a) => a.key === 'cancelReminder' && !a.fallback).length, 1);
  },
});

/** The choices behind "Remind me later". */
export const REMIND_ROWS: Record<string, Row> = {
  'remind:in1Hour': remind('in1Hour'),
  'remind:in4Hours': remind('in4Hours'),
  'remind:tomorrowMorning': remind('tomorrowMorning'),
};

async function noMoreReminders(c: Clicked): Promise<void> {
  assert.deepEqual(await c.w.pending(c.shown.chat), [], 'no reminder pending');
  const list = await c.shown.chat.say(c.w.keyword('commands.reminders'));
  assert.deepEqual(replyTexts(list), [c.w.t.t('reminders.listEmpty')], '`reminders` lists none');
}

export const snooze: Row = {
  does: 'reminds again in an hour',
  effect: async (c) => {
    says(c, 'reminders.snoozed');
    const pending = await c.w.pending(c.shown.chat);
    assert.deepEqual(
      pending.map((r) => r.dueAt),
      [c.w.clock.ms + HOUR],
    );
  },
};

/** Stop reminding me, and Cancel on the reminder list. */
export const ends = (does: string, noteKey: string): Row => ({
  does,
  effect: async (c) => {
    assert.ok(replyTexts(c.reply).includes(c.w.t.t(noteKey)), replyTexts(c.reply).join(' | '));
    await noMoreReminders(c);
  },
});

// ---- helpdesk ----
const escalates = (scope: SectionId | 'case'): Row => ({
  does: 'sends the case to the helpdesk channel as a new ticket',
  effect: (c) => {
    const { w } = c;
    assert.equal(w.h.connector.created.length, c.threadsBefore + 1, 'one new thread');
    const created = w.h.connector.created.at(-1)!;
    assert.deepEqual((created.parameters.channelData as { channel: unknown }).channel, {
      id: w.channel.channelId,
    });
    const ticket = allText(cardOf(created.parameters.activity as Record<string, unknown>));
    assert.ok(ticket.includes(DESCRIPTION), 'the typed description is on the ticket');
    const scopeTitle =
      scope === 'case' ? w.t.t('helpdesk.ticket.wholeCase') : w.t.t(`sections.${scope}.title`);
    assert.ok(ticket.includes(scopeTitle), `sent from ${scopeTitle}`);
    assert.match(headingOf(newestCard(c)), templatePattern(w.t.t('helpdesk.confirm.title')));
  },
});

/** The ticket card after a click: the invoke's answer, or (Submit fallback) the updated message. */
function ticketAfter(c: Clicked): Card {
  if (c.action.type === 'Action.Execute') {
    assert.ok(c.reply.invoke?.card, 'the invoke answered with the card');
    return c.reply.invoke.card;
  }
  const update = c.reply.updated.find((u) => u.id === c.shown.activityId);
  assert.ok(update, 'the ticket message was updated');
  return cardOf(update);
}

type Status = 'open' | 'assigned' | 'resolved';
const THREAD_LINES = {
  assign: 'assigned',
  unassign: 'unassigned',
  resolve: 'resolvedWithNote',
  reopen: 'reopened',
} as const;

export const ticket = (verb: keyof typeof THREAD_LINES, status: Status): Row => ({
  does: `makes the ticket ${status}, for everyone in the thread`,
  effect: (c) => {
    const { t } = c.w;
    const statusTitle = t.t('helpdesk.ticket.status');
    assert.equal(fact(ticketAfter(c), statusTitle), t.t(`helpdesk.ticket.statuses.${status}`));
    const message = c.reply.updated.find((u) => u.id === c.shown.activityId);
    assert.ok(message, 'the ticket message in the thread was updated');
    assert.equal(fact(cardOf(message), statusTitle), t.t(`helpdesk.ticket.statuses.${status}`));
    says(c, `helpdesk.thread.${THREAD_LINES[verb]}`);
    if (verb === 'assign') assert.equal(fact(ticketAfter(c), t.t('helpdesk.ticket.assignee')), c.w.lead.name);
    if (verb === 'resolve') assert.ok(allText(ticketAfter(c)).includes(NOTE), 'the resolution note is shown');
  },
});

/** Priority and assignee › Set the priority (the scenes pick High). */
export const setsPriority = (status: Status): Row => ({
  does: 'sets the priority, for everyone in the thread',
  effect: (c) => {
    const { t } = c.w;
    assert.equal(fact(ticketAfter(c), t.t('helpdesk.ticket.priority')), t.t('helpdesk.priority.high'));
    assert.equal(
      fact(ticketAfter(c), t.t('helpdesk.ticket.status')),
      t.t(`helpdesk.ticket.statuses.${status}`),
    );
    assert.ok(
      c.reply.updated.find((u) => u.id === c.shown.activityId),
      'the ticket message in the thread was updated',
    );
    says(c, 'helpdesk.thread.priority');
  },
});

/** Priority and assignee › Reassign the ticket (the scenes pick the other member of the team). */
export const reassigns: Row = {
  does: 'hands the ticket to the member picked, both mentioned in the thread',
  effect: (c) => {
    const { t } = c.w;
    assert.equal(fact(ticketAfter(c), t.t('helpdesk.ticket.assignee')), c.w.mate.name);
    says(c, 'helpdesk.thread.reassignedFrom');
  },
};

/** The admin's rating card › Send the rating (the scenes pick 4). */
export const rates: Row = {
  does: 'records the rating and thanks the admin',
  effect: (c) => says(c, 'helpdesk.rating.thanks'),
};

/** The ticket card's automatic refresh (Universal Actions). */
export const refresh = (status: Status): Row => ({
  does: `answers with the current card (${status})`,
  effect: (c) => {
    const { t } = c.w;
    const shown = fact(ticketAfter(c), t.t('helpdesk.ticket.status'));
    assert.equal(shown, t.t(`helpdesk.ticket.statuses.${status}`));
    assert.equal(c.reply.updated.length, 0, 'nothing changed');
  },
});

// ---- links ----
function link(host: string): Row {
  return {
    does: `links to https://${host}`,
    effect: (c) => {
      const url = new URL(c.action.url ?? '');
      assert.equal(url.protocol, 'https:');
      assert.equal(url.hostname, host);
      assert.equal(url.href, c.action.url, 'well formed (nothing to normalise)');
      assert.doesNotMatch(c.action.url ?? '', /\s|\{\{|\$\{|undefined/);
    },
  };
}

/** Chat with the requester (a Teams deep link). */
export const CHAT = link('teams.microsoft.com');

const CASE = CASE_SECTION.id;

/** What each summary's actions do: the configuration and connectivity section summaries, and the case summary. */
export const SUMMARY_ROWS: Record<'configuration' | 'connectivity' | 'case', Record<string, Row>> = {
  configuration: {
    'start:connectivity': starts('connectivity', 'Next: starts connectivity'),
    'start:configuration': starts('configuration', 'Run again: starts configuration again'),
    menu,
    ...REMIND_ROWS,
    'escalate:configuration': escalates('configuration'),
  },
  connectivity: {
    [`start:${CASE}`]: starts(CASE, `Next: starts ${CASE}`),
    'start:connectivity': starts('connectivity', 'Run again: starts connectivity again'),
    menu,
    'escalate:connectivity': escalates('connectivity'),
  },
  case: { [`start:${CASE}`]: starts(CASE, 'Run again'), menu, 'escalate:case': escalates('case') },
};
