/**
 * How a user brings each card up, for the every-button test: through the cards themselves (install,
 * then the buttons), typed commands, pasted output, a reminder falling due, an escalation.
 */
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import type { CheckId, SectionId } from '../../src/troubleshooting/model';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../src/i18n/locales';
import type { Shown, World } from './buttonWorld';
import * as F from '../paste/readers/fixtures';
import { cardOf } from './botHarness';

export const DESCRIPTION = 'Since Monday nobody can reset a password';
export const NOTE = 'Opened port 443 to Service Bus';

/** Output of Get-ADSyncScheduler while a sync cycle runs: the ⚠ "wait" verdict with Remind me later. */
export const SCHEDULER_BUSY = F.SCHEDULER_IDLE.replace(
  'SyncCycleInProgress                 : False',
  'SyncCycleInProgress                 : True',
);
/** A 6329 event with 0x8023061f (forest added after writeback was enabled): the Re-enable verdict. */
export const EVENT_6329 = F.EVENT_6329_FOREST_LIST;

/** The language a user picks on the welcome card: another one than the current. */
export const otherLanguage = (locale: SupportedLocale): SupportedLocale =>
  SUPPORTED_LOCALES[(SUPPORTED_LOCALES.indexOf(locale) + 1) % SUPPORTED_LOCALES.length];

/** What a user types into a card's inputs, by input id. */
export const fills = (w: World): Record<string, string> => ({
  connectVersion: '2.5.79.0',
  eventId: '6329',
  language: otherLanguage(w.locale),
  hdDescription: DESCRIPTION,
  hdNote: NOTE,
  hdPriority: 'high',
  hdAssignee: w.mate.aadObjectId,
  hdRating: '4',
  hdComment: 'Quick and clear',
});

// ---- the catalogue, as the cards walk it ----
const section = (id: SectionId) => SECTIONS.find((s) => s.id === id)!;
export const sectionOfCheck = (id: CheckId) => SECTIONS.find((s) => s.checks.some((c) => c.id === id))!;
export const firstCheck = (id: SectionId): CheckId => section(id).checks[0].id;
export const FIRST_SECTION = SECTIONS[0].id;
/** The section that ends in the case summary ("Still not working"), also what "Re-enable" starts. */
export const CASE_SECTION = SECTIONS.find((s) => s.summary === 'case')!;

/** Install, the section's button on the welcome card, then OK up to the check. */
export async function stepCard(w: World, id: CheckId): Promise<Shown> {
  const s = sectionOfCheck(id);
  let shown = await w.press(await w.install(), `start:${s.id}`);
  for (const check of s.checks) {
    if (check.id === id) return shown;
    shown = await w.press(shown, 'answer:ok');
  }
  throw new Error(`no check ${id}`);
}

export const fixCard = async (w: World, id: CheckId): Promise<Shown> =>
  w.press(await stepCard(w, id), 'answer:notOk');

/** Runs a section answering OK (Skip for the checks listed), up to its summary. */
export async function summary(w: World, id: SectionId, skip: readonly CheckId[] = []): Promise<Shown> {
  let shown = await w.press(await w.install(), `start:${id}`);
  for (const check of section(id).checks)
    shown = await w.press(shown, skip.includes(check.id) ? 'answer:skip' : 'answer:ok');
  return shown;
}

export const caseSummary = (w: World): Promise<Shown> =>
  summary(
    w,
    CASE_SECTION.id,
    CASE_SECTION.checks.map((c) => c.id),
  );

export const pasted = (w: World, output: string): Promise<Shown> => w.say(w.chat(), output);

export const typed = (w: World, key: string, rest = ''): Promise<Shown> =>
  w.say(w.chat(), `${w.keyword(key)}${rest}`);

/** "Remind me later → In 1 hour" on the full-sync check, then the scheduler's poll an hour later. */
export async function reminderCard(w: World): Promise<Shown> {
  const fullSync = await stepCard(w, 'fullSync');
  await w.click(fullSync, 'remind:in1Hour');
  return w.fireReminder(fullSync.chat);
}

export async function reminderList(w: World): Promise<Shown> {
  const fullSync = await stepCard(w, 'fullSync');
  await w.click(fullSync, 'remind:in4Hours');
  return w.say(fullSync.chat, w.keyword('commands.reminders'));
}

/** The requester's confirmation after "Send to helpdesk" on the case summary. */
export async function confirmation(w: World): Promise<Shown> {
  const shown = await caseSummary(w);
  const reply = await w.click(shown, `escalate:case`, { hdDescription: DESCRIPTION });
  return w.newest(shown.chat, shown.chat, reply, 'Send to helpdesk');
}

/** The ticket card in its new thread of the helpdesk channel, after "Send to helpdesk". */
export const ticketOpen = async (w: World): Promise<Shown> => w.escalate(await caseSummary(w), DESCRIPTION);

export const ticketAssigned = async (w: World): Promise<Shown> =>
  w.press(await ticketOpen(w), 'ticket:assign');

export const ticketResolved = async (w: World): Promise<Shown> =>
  w.press(await ticketOpen(w), 'ticket:resolve', { hdNote: NOTE });

/** `tickets` mentioned in the helpdesk channel, with one open ticket. */
export async function helpdeskTickets(w: World): Promise<Shown> {
  const open = await ticketOpen(w);
  const reply = await w.helpdeskPost(w.keyword('helpdesk.commands.tickets'));
  return w.newest(open.chat, open.place, reply, 'tickets');
}

/** `tickets` typed by the admin who sent one. */
export const ownTickets = async (w: World): Promise<Shown> =>
  w.say((await ticketOpen(w)).chat, w.keyword('helpdesk.commands.tickets'));

/** The rating card in the admin's chat, after the helpdesk resolved their ticket. */
export async function ratingCard(w: World): Promise<Shown> {
  const open = await ticketOpen(w);
  const before = w.h.connector.calls.length;
  await w.press(open, 'ticket:resolve', { hdNote: NOTE });
  // The rating card is sent once the resolve invoke is answered (src/helpdesk/handlers/afterTurn.ts).
  const ratingPost = () =>
    w.h.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.conversationId === open.chat.conversationId)
      .filter((c) => Array.isArray(c.activity.attachments))
      .at(-1);
  for (let waited = 0; !ratingPost() && waited < 5000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const call = ratingPost();
  if (!call) throw new Error('no rating card reached the admin');
  return {
    place: open.chat,
    chat: open.chat,
    card: cardOf(call.activity),
    activityId: String(call.assignedId),
  };
}

/** `helpdesk stats` mentioned in the helpdesk channel, after one ticket. */
export async function helpdeskStats(w: World): Promise<Shown> {
  const open = await ticketOpen(w);
  const reply = await w.helpdeskPost(w.keyword('helpdesk.commands.stats'));
  return w.newest(open.chat, open.place, reply, 'helpdesk stats');
}
