/**
 * Child process for the SIGKILL tests: opens the scheduler on a database file, gets a reminder
 * into the requested state, says so on stdout, then hangs until the parent kills it.
 *   node sqliteChild.js <dbFile> scheduled|claimed|sending
 */
import { silentLogger } from '../../../src/core/logger';
import { SqliteReminderScheduler } from '../../../src/proactive/sqliteScheduler';

async function main(): Promise<void> {
  const [dbFile, mode] = process.argv.slice(2);
  const scheduler = new SqliteReminderScheduler({ database: dbFile, logger: silentLogger(), pollMs: 20 });
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const hang = new Promise<void>(() => undefined);
  const reminder = await scheduler.schedule({
    userKey: 'tenant/user',
    conversationKey: 'msteams:a:1',
    dueAt: Date.now() + (mode === 'scheduled' ? 1_000 : 0),
    kind: 'fullSync',
    locale: 'fr-FR',
  });
  if (mode === 'scheduled') {
    say(`scheduled ${reminder.id}`);
    return hang;
  }
  scheduler.start(async (due, control) => {
    if (mode === 'claimed') {
      say(`claimed ${due.id}`);
      return hang;
    }
    if (await control.beginAttempt()) say(`sent ${due.id}`); // the message went out; now "crash"
    return hang;
  });
  return hang;
}

void main();
