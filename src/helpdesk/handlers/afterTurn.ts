/**
 * Work a turn hands on until after it is answered: requester notices from a ticket click are sent once
 * the `adaptiveCard/action` invoke (or the message) has its HTTP response, so a slow or throttled chat
 * never holds the agent's card. The tasks run in order, each through the outbound sender.
 */
import type { TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import { turnServices } from '../../turn/turnServices';

const TASKS = Symbol('helpdeskAfterTurn');

type Task = () => Promise<unknown>;

/** Queues `task` for after this turn's response. */
export function afterTurn(context: TurnContext, task: Task): void {
  const tasks = context.turnState.get<Task[] | undefined>(TASKS);
  if (tasks) tasks.push(task);
  else context.turnState.set(TASKS, [task]);
}

/**
 * Starts the queued tasks once the adapter has written the response (it does so right after the bot's
 * turn returns; setImmediate runs after that). Failures are logged, never thrown into the turn.
 */
export function runAfterTurn(context: TurnContext): void {
  const tasks = context.turnState.get<Task[] | undefined>(TASKS);
  if (!tasks || tasks.length === 0) return;
  context.turnState.delete(TASKS);
  setImmediate(() => {
    void (async () => {
      for (const task of tasks) {
        try {
          await task();
        } catch (err) {
          turnServices(context).log.error(
            { code: ErrorCodes.HELPDESK_AFTER_TURN_FAILED, err: describeError(err) },
            'helpdesk: a task after the turn failed',
          );
        }
      }
    })();
  });
}
