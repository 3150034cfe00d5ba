/**
 * The SLA's thread lines: a warning before each target and another at its breach, as durable
 * scheduler reminders (SQLite, or the Azure queue with its leases when scaled out), so each line is
 * posted once across instances and survives a restart. One stable id per ticket and phase: arming
 * again (a retried turn, a new priority) moves the same reminder instead of adding one.
 */
import { createHash } from 'node:crypto';
import { MessageFactory, type Activity } from 'botbuilder';
import { formatTime } from '../../cards/format';
import { resolveLocale } from '../../i18n/locales';
import type { Localizer } from '../../i18n/translator';
import { conversationKeyOf } from '../../proactive/conversationReference';
import type { ReminderScheduler } from '../../proactive/scheduler';
import type { Reminder } from '../../proactive/types';
import {
  dueAt,
  isBreachPhase,
  phaseDueAt,
  running,
  SLA_PHASES,
  targetOf,
  type SlaPhase,
  type SlaSettings,
  type SlaTarget,
} from '../sla';
import type { HelpdeskStore } from '../store';
import { priorityOfTicket, type Ticket } from '../ticket';

const PHASE_CODES: Record<SlaPhase, string> = {
  respondWarn: 'rw',
  respondBreach: 'rb',
  resolveWarn: 'xw',
  resolveBreach: 'xb',
};

const tenantHash = (tenantId: string): string =>
  createHash('sha256').update(tenantId).digest('hex').slice(0, 16);

const slaReminderId = (tenantId: string, number: number, phase: SlaPhase): string =>
  `hs-${PHASE_CODES[phase]}-${number}-${tenantHash(tenantId)}`;

function phaseOfReminder(id: string): { phase: SlaPhase; number: number } | undefined {
  const match = /^hs-([a-z]{2})-(\d{1,10})-[0-9a-f]{16}$/.exec(id);
  const phase = SLA_PHASES.find((p) => PHASE_CODES[p] === match?.[1]);
  return match && phase ? { phase, number: Number(match[2]) } : undefined;
}

/** The key the thread's reference was saved under (escalate.ts saves it when the card is posted). */
export const threadKeyOf = (thread: { conversationId: string }): string =>
  conversationKeyOf({ channelId: 'msteams', conversation: { id: thread.conversationId } });

interface SlaDeps {
  readonly scheduler: ReminderScheduler;
  readonly sla: SlaSettings;
  readonly now: () => Date;
}

/**
 * Schedules (or moves, after a priority change) the lines of every target still running. A warning
 * whose time has passed is dropped; a breach already due is posted at once.
 */
export async function armSla(
  deps: SlaDeps,
  ticket: Ticket,
  locale: string,
  timeZone?: string,
): Promise<void> {
  if (!ticket.thread) return;
  const now = deps.now().getTime();
  const conversationKey = threadKeyOf(ticket.thread);
  for (const phase of SLA_PHASES) {
    if (!running(ticket, targetOf(phase))) continue;
    const id = slaReminderId(ticket.tenantId, ticket.number, phase);
    const due = phaseDueAt(deps.sla, ticket, phase);
    if (!isBreachPhase(phase) && due <= now) {
      await deps.scheduler.cancel(id);
      continue;
    }
    const existing = await deps.scheduler.get(id);
    if (!existing) {
      await deps.scheduler.schedule({
        id,
        userKey: `helpdesk:${ticket.tenantId}`,
        conversationKey,
        dueAt: due,
        kind: 'helpdeskSla',
        locale,
        ...(timeZone ? { timeZone } : {}),
      });
    } else if (
      existing.dueAt !== due &&
      (existing.status === 'pending' || (existing.status !== 'cancelled' && due > now))
    ) {
      // A line already posted is posted again only for a later target (the priority was lowered).
      await deps.scheduler.snooze(id, due);
    }
  }
}

/** Stops the lines of a target that was met (assigned: respond; resolved: both). */
export async function disarmSla(
  deps: Pick<SlaDeps, 'scheduler'>,
  ticket: Ticket,
  targets: readonly SlaTarget[],
): Promise<void> {
  for (const phase of SLA_PHASES)
    if (targets.includes(targetOf(phase)))
      await deps.scheduler.cancel(slaReminderId(ticket.tenantId, ticket.number, phase));
}

/** The thread line of a due SLA reminder, in the helpdesk language, from the ticket as it is now. */
export async function slaLineActivity(
  reminder: Reminder,
  localizer: Localizer,
  store: HelpdeskStore,
  sla: SlaSettings,
): Promise<Partial<Activity>> {
  const parsed = phaseOfReminder(reminder.id);
  if (!parsed) throw new Error(`not an SLA reminder id: ${reminder.id}`);
  const t = localizer.for(resolveLocale(undefined, reminder.locale));
  const tenantId = reminder.userKey.replace(/^helpdesk:/, '');
  const ticket = await store.get(tenantId, parsed.number);
  const target = targetOf(parsed.phase);
  const due = ticket ? dueAt(sla, ticket, target) : reminder.dueAt;
  return MessageFactory.text(
    t.t(`helpdesk.sla.${parsed.phase}`, {
      number: parsed.number,
      priority: t.t(`helpdesk.priority.${ticket ? priorityOfTicket(ticket) : 'normal'}`),
      time: formatTime(new Date(due), t.locale, reminder.timeZone),
    }),
  );
}
