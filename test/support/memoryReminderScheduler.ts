import { createReminder, type DueHandler, type ReminderScheduler } from '../../src/proactive/scheduler';
import type { NewReminder, Reminder } from '../../src/proactive/types';

/**
 * A ReminderScheduler in a Map, for dialog and card tests: nothing fires by itself; call
 * `fireDue(now)` to deliver what is due, the way a scheduler poll would.
 */
export class MemoryReminderScheduler implements ReminderScheduler {
  private readonly reminders = new Map<string, Reminder>();
  private onDue: DueHandler | undefined;

  constructor(private readonly now: () => number = () => Date.now()) {}

  schedule(input: NewReminder): Promise<Reminder> {
    const existing = input.id === undefined ? undefined : this.reminders.get(input.id);
    if (existing) return Promise.resolve({ ...existing });
    const reminder = createReminder(input, this.now());
    this.reminders.set(reminder.id, reminder);
    return Promise.resolve({ ...reminder });
  }

  cancel(id: string): Promise<boolean> {
    const r = this.reminders.get(id);
    if (!r || r.status === 'cancelled') return Promise.resolve(false);
    this.reminders.set(id, { ...r, status: 'cancelled', version: r.version + 1 });
    return Promise.resolve(true);
  }

  snooze(id: string, newDueAt: number): Promise<Reminder | undefined> {
    const r = this.reminders.get(id);
    if (!r || r.status === 'cancelled') return Promise.resolve(undefined);
    const next: Reminder = { ...r, status: 'pending', version: r.version + 1, dueAt: Math.trunc(newDueAt) };
    this.reminders.set(id, next);
    return Promise.resolve({ ...next });
  }

  get(id: string): Promise<Reminder | undefined> {
    const r = this.reminders.get(id);
    return Promise.resolve(r ? { ...r } : undefined);
  }

  listPending(userKey: string, conversationKey: string): Promise<Reminder[]> {
    return Promise.resolve(
      [...this.reminders.values()]
        .filter(
          (r) => r.status === 'pending' && r.userKey === userKey && r.conversationKey === conversationKey,
        )
        .sort((a, b) => a.dueAt - b.dueAt)
        .map((r) => ({ ...r })),
    );
  }

  deleteForConversation(conversationKey: string): Promise<number> {
    let count = 0;
    for (const [id, r] of this.reminders) {
      if (r.conversationKey === conversationKey) {
        this.reminders.delete(id);
        count++;
      }
    }
    return Promise.resolve(count);
  }

  start(onDue: DueHandler): void {
    this.onDue = onDue;
  }

  stop(): Promise<void> {
    this.onDue = undefined;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.stop();
  }

  /**
   * Delivers every pending reminder due at `now` (those `only` picks, when given), one after another;
   * returns how many.
   */
  async fireDue(now: number = this.now(), only: (r: Reminder) => boolean = () => true): Promise<number> {
    const onDue = this.onDue;
    if (!onDue) return 0;
    const due = [...this.reminders.values()].filter(
      (r) => r.status === 'pending' && r.dueAt <= now && only(r),
    );
    for (const r of due) {
      const claimed: Reminder = { ...r, status: 'claimed' };
      this.reminders.set(r.id, claimed);
      const current = () => this.reminders.get(r.id)?.version === r.version;
      let status: Reminder['status'] = 'sent';
      try {
        await onDue({ ...claimed }, { beginAttempt: () => Promise.resolve(current()) });
      } catch {
        status = 'failed';
      }
      const latest = this.reminders.get(r.id);
      if (latest && latest.version === r.version) this.reminders.set(r.id, { ...latest, status });
    }
    return due.length;
  }
}
