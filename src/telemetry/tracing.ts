import { describeError } from '../core/errors';
import { storageFaultCodeIn } from '../storage/storageFaults';
import { ATTRIBUTES, SPANS } from './names';
import { telemetry, telemetryEnabled, type Attributes, type SpanHandle } from './port';

/**
 * The spans the platform opens, as small wrappers: a turn, the turn-lock wait, storage, a proactive send.
 * HTTP client spans (Bot Connector, Graph) are in src/telemetry/httpClients.ts. Every wrapper runs `work`
 * unchanged when telemetry is off.
 */

/** What a turn span reads from an activity: types and locale, never an id, a name or text. */
export interface ActivityFacts {
  type?: unknown;
  name?: unknown;
  locale?: unknown;
  conversation?: { conversationType?: unknown };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, 64) : undefined;

/** Invoke names are the Bot Framework's own (`adaptiveCard/action`, `composeExtension/query`…), not user input. */
const INVOKE_NAME = /^[A-Za-z]+(?:\/[A-Za-z]+)?$/;

function turnAttributes(activity: ActivityFacts): Attributes {
  const type = text(activity.type);
  const name = type === 'invoke' ? text(activity.name) : undefined;
  const locale = text(activity.locale);
  return {
    [ATTRIBUTES.activityType]: type,
    [ATTRIBUTES.invokeName]: name && INVOKE_NAME.test(name) ? name : undefined,
    [ATTRIBUTES.conversationType]: text(activity.conversation?.conversationType),
    [ATTRIBUTES.locale]: locale && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : undefined,
  };
}

/** Runs work in a span; a throw marks it failed with the error's WB-… code and is rethrown. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: SpanHandle) => Promise<T>,
  kind: 'server' | 'client' | 'internal' = 'internal',
): Promise<T> {
  return telemetry().span(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.fail(describeError(err).code);
      throw err;
    }
  });
}

/** The server span of one turn, with its count and duration. */
export async function traceTurn<T>(activity: ActivityFacts, work: () => Promise<T>): Promise<T> {
  if (!telemetryEnabled()) return work();
  const attributes = turnAttributes(activity);
  const started = performance.now();
  const typeOnly = { [ATTRIBUTES.activityType]: attributes[ATTRIBUTES.activityType] };
  const name = `${SPANS.turn} ${String(attributes[ATTRIBUTES.activityType] ?? 'unknown')}`;
  return telemetry().span(name, { kind: 'server', attributes }, async (span) => {
    let outcome = 'ok';
    let code: string | undefined;
    try {
      return await work();
    } catch (err) {
      outcome = 'error';
      // The code the user's note shows (src/app.ts onTurnError): a storage fault's own, else the error's.
      code = storageFaultCodeIn(err) ?? describeError(err).code;
      span.fail(code);
      throw err;
    } finally {
      span.set({ [ATTRIBUTES.outcome]: outcome });
      const result = { ...typeOnly, [ATTRIBUTES.outcome]: outcome, [ATTRIBUTES.errorCode]: code };
      telemetry().add('turns', 1, result);
      telemetry().record('turnDuration', (performance.now() - started) / 1000, result);
    }
  });
}

/** The wait behind an earlier turn of the same conversation (only when there is one to wait for). */
export function traceLockWait<T>(wait: () => Promise<T>): Promise<T> {
  if (!telemetryEnabled()) return wait();
  return withSpan(SPANS.turnLockWait, {}, () => wait());
}

/** A proactive send: a new trace, linked to the turn that scheduled it (its stored traceparent). */
export function traceProactive<T>(
  kind: string,
  scheduledBy: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!telemetryEnabled()) return work();
  return telemetry().span(
    SPANS.proactive,
    { kind: 'internal', attributes: { [ATTRIBUTES.reminderKind]: kind }, newTraceLinkedTo: [scheduledBy] },
    async (span) => {
      try {
        return await work();
      } catch (err) {
        span.fail(describeError(err).code);
        throw err;
      }
    },
  );
}

/** The active span as a traceparent, to keep with a job scheduled now (undefined when off). */
export const currentTraceParent = (): string | undefined => telemetry().traceParent();
