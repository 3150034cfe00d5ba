import type { QueueClient } from '@azure/storage-queue';

export interface QueuedMessage {
  messageId: string;
  popReceipt: string;
  body: string;
  dequeueCount: number;
}

/** Azure Storage Queue semantics, reduced to what the queue scheduler needs. */
export interface ReminderQueue {
  /** Creates the queue if missing. */
  ensure(): Promise<void>;
  /** Enqueues `body`, invisible for `delaySeconds` (0 … MAX_VISIBILITY_SECONDS). */
  send(body: string, delaySeconds: number): Promise<void>;
  /** Up to `max` (≤ 32) visible messages, each hidden again for `visibilitySeconds`. */
  receive(max: number, visibilitySeconds: number): Promise<QueuedMessage[]>;
  /** Deletes a received message; a stale pop receipt (another receiver has it now) is ignored. */
  delete(messageId: string, popReceipt: string): Promise<void>;
}

/** Azure Storage Queue's ceiling for a message's visibility timeout: 7 days. */
export const MAX_VISIBILITY_SECONDS = 7 * 24 * 60 * 60;

export class AzureReminderQueue implements ReminderQueue {
  constructor(private readonly client: QueueClient) {}

  async ensure(): Promise<void> {
    await this.client.createIfNotExists();
  }

  async send(body: string, delaySeconds: number): Promise<void> {
    await this.client.sendMessage(body, {
      visibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(delaySeconds))),
      // -1: never expires. The default 7-day time-to-live would drop long-delayed messages.
      messageTimeToLive: -1,
    });
  }

  async receive(max: number, visibilitySeconds: number): Promise<QueuedMessage[]> {
    const response = await this.client.receiveMessages({
      numberOfMessages: Math.min(32, Math.max(1, max)),
      visibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(visibilitySeconds))),
    });
    return response.receivedMessageItems.map((item) => ({
      messageId: item.messageId,
      popReceipt: item.popReceipt,
      body: item.messageText,
      dequeueCount: item.dequeueCount,
    }));
  }

  async delete(messageId: string, popReceipt: string): Promise<void> {
    try {
      await this.client.deleteMessage(messageId, popReceipt);
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      if (status !== 404 && status !== 400) throw err;
    }
  }
}
