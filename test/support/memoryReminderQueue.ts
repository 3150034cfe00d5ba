import { randomUUID } from 'node:crypto';
import {
  MAX_VISIBILITY_SECONDS,
  type QueuedMessage,
  type ReminderQueue,
} from '../../src/proactive/azureReminderQueue';

interface StoredMessage {
  messageId: string;
  popReceipt: string;
  body: string;
  visibleAt: number;
  dequeueCount: number;
}

/** Azure Storage Queue semantics in memory (visibility timeouts, pop receipts), on an injected clock. */
export class MemoryReminderQueue implements ReminderQueue {
  private readonly messages = new Map<string, StoredMessage>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  ensure(): Promise<void> {
    return Promise.resolve();
  }

  send(body: string, delaySeconds: number): Promise<void> {
    if (delaySeconds < 0 || delaySeconds > MAX_VISIBILITY_SECONDS) {
      return Promise.reject(new Error(`visibility timeout out of range: ${delaySeconds}`));
    }
    const messageId = randomUUID();
    this.messages.set(messageId, {
      messageId,
      popReceipt: randomUUID(),
      body,
      visibleAt: this.now() + delaySeconds * 1000,
      dequeueCount: 0,
    });
    return Promise.resolve();
  }

  receive(max: number, visibilitySeconds: number): Promise<QueuedMessage[]> {
    const now = this.now();
    const visible = [...this.messages.values()].filter((m) => m.visibleAt <= now).slice(0, Math.min(32, max));
    for (const m of visible) {
      m.popReceipt = randomUUID();
      m.visibleAt = now + visibilitySeconds * 1000;
      m.dequeueCount++;
    }
    return Promise.resolve(
      visible.map((m) => ({
        messageId: m.messageId,
        popReceipt: m.popReceipt,
        body: m.body,
        dequeueCount: m.dequeueCount,
      })),
    );
  }

  delete(messageId: string, popReceipt: string): Promise<void> {
    if (this.messages.get(messageId)?.popReceipt === popReceipt) this.messages.delete(messageId);
    return Promise.resolve();
  }

  /** Message bodies with their visibility, for assertions. */
  peekAll(): Array<{ body: string; visibleAt: number }> {
    return [...this.messages.values()].map(({ body, visibleAt }) => ({ body, visibleAt }));
  }
}
