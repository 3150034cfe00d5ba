import { BotError, ErrorCodes } from '../core/errors';
import type { ActivityFactory, SendOptions, SendResult } from './outboundSender';
import type { DueHandler } from './scheduler';
import type { Reminder, StoredConversationReference } from './types';
import { metrics } from '../telemetry/metrics';

export interface ReminderDeliveryOptions<A> {
  sender: {
    send(conversationKey: string, factory: ActivityFactory<A>, options?: SendOptions): Promise<SendResult>;
  };
  /** Builds the reminder card in the reminder's locale (owned by the cards module). */
  buildActivity: (reminder: Reminder, reference: StoredConversationReference) => A | Promise<A>;
}

/**
 * Correlation id of one delivery: unique per reminder version, and easy to grep for.
 * @internal Exported for the tests as well.
 */
export function reminderCorrelationId(reminder: Pick<Reminder, 'id' | 'version'>): string {
  return `reminder-${reminder.id}-v${reminder.version}`;
}

/**
 * The due handler to pass to `scheduler.start`: sends the reminder card through the outbound
 * sender, asking the scheduler before every attempt whether the reminder is still current.
 * Throws when the reminder could not be delivered, so the scheduler records it as failed.
 */
export function createReminderDelivery<A>(options: ReminderDeliveryOptions<A>): DueHandler {
  return async (reminder, control) => {
    metrics.reminderDue(reminder.kind);
    const result = await options.sender.send(
      reminder.conversationKey,
      (reference) => options.buildActivity(reminder, reference),
      {
        correlationId: reminderCorrelationId(reminder),
        stillWanted: () => control.beginAttempt(),
        trace: { kind: reminder.kind, scheduledBy: reminder.traceParent },
      },
    );
    if (result.outcome === 'sent' || result.outcome === 'failed')
      metrics.reminderSent(reminder.kind, result.outcome, (Date.now() - reminder.dueAt) / 1000);
    // abandoned: cancelled or snoozed meanwhile. gone: onGone already removed the conversation.
    if (result.outcome === 'sent' || result.outcome === 'abandoned' || result.outcome === 'gone') return;
    throw new BotError(
      ErrorCodes.SEND_FAILED,
      `reminder ${reminder.id} not delivered: ${result.outcome}${result.status ? ` (HTTP ${result.status})` : ''} [${result.correlationId}]`,
    );
  };
}
