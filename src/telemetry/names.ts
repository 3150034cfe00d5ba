/**
 * Every span and metric the bot emits, named once: the port (src/telemetry/port.ts), the SDK wiring, the
 * README's Kusto queries and the workbook in infra/ (test/telemetry/workbook.test.ts) use these names.
 * Metric names and units follow the OpenTelemetry semantic conventions where one exists (`http.client.*`),
 * otherwise a `writeback.` namespace; units are UCUM (`s`, `{turn}`).
 */

export const SPANS = {
  /** One per incoming activity (SERVER): `turn message`, `turn invoke`… */
  turn: 'turn',
  /** Waiting for an earlier turn of the same conversation (src/turn/turnLock.ts). */
  turnLockWait: 'turn.lock.wait',
  /** Bot Connector REST call (CLIENT), named `connector <operation>`. */
  connector: 'connector',
  /** Microsoft Graph GET (CLIENT). */
  graph: 'graph',
  storageRead: 'storage.read',
  storageWrite: 'storage.write',
  storageDelete: 'storage.delete',
  /** A message sent outside a turn (a reminder, a ticket notice): its own trace, linked to the turn that scheduled it. */
  proactive: 'proactive.send',
} as const;

interface MetricDefinition {
  readonly name: string;
  readonly kind: 'counter' | 'histogram';
  readonly unit: string;
  readonly description: string;
  /** Histogram bucket boundaries (in `unit`). */
  readonly buckets?: readonly number[];
}

const counter = (name: string, unit: string, description: string): MetricDefinition => ({
  buckets: undefined,
  name,
  kind: 'counter',
  unit,
  description,
});
const histogram = (
  name: string,
  unit: string,
  description: string,
  buckets: readonly number[],
): MetricDefinition => ({ name, kind: 'histogram', unit, description, buckets });

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400];

export const METRICS = {
  turns: counter('writeback.turns', '{turn}', 'Turns, by activity type and outcome'),
  turnDuration: histogram('writeback.turn.duration', 's', 'Duration of a turn', SECONDS_FAST),
  connectorCalls: counter(
    'writeback.connector.calls',
    '{call}',
    'Bot Connector calls, by operation and status',
  ),
  connectorDuration: histogram(
    'http.client.request.duration',
    's',
    'Duration of outgoing HTTP requests (Bot Connector and Graph)',
    SECONDS_FAST,
  ),
  connectorThrottled: counter('writeback.connector.throttled', '{response}', 'Bot Connector 429 answers met'),
  retryAfterWaited: counter(
    'writeback.connector.retry_after.waited',
    's',
    'Time waited because the Bot Connector asked to (Retry-After)',
  ),
  graphCalls: counter('writeback.graph.calls', '{call}', 'Microsoft Graph calls, by status'),
  graphThrottled: counter('writeback.graph.throttled', '{response}', 'Microsoft Graph 429 answers met'),
  remindersScheduled: counter('writeback.reminders.scheduled', '{reminder}', 'Reminders scheduled, by kind'),
  remindersDue: counter('writeback.reminders.due', '{reminder}', 'Reminders whose due time came, by kind'),
  remindersSent: counter(
    'writeback.reminders.sent',
    '{reminder}',
    'Reminders delivered, by kind and outcome',
  ),
  remindersLate: counter(
    'writeback.reminders.late',
    '{reminder}',
    'Reminders delivered more than a minute late',
  ),
  reminderLateness: histogram(
    'writeback.reminder.lateness',
    's',
    'Delivery time minus due time of a reminder',
    [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
  ),
  ticketsOpened: counter('writeback.tickets.opened', '{ticket}', 'Helpdesk tickets opened'),
  ticketsAssigned: counter('writeback.tickets.assigned', '{ticket}', 'Helpdesk tickets taken by an agent'),
  ticketsResolved: counter('writeback.tickets.resolved', '{ticket}', 'Helpdesk tickets resolved'),
  ticketTimeToAssign: histogram('writeback.ticket.time_to_assign', 's', 'Opened to taken', SECONDS_SLOW),
  ticketTimeToResolve: histogram('writeback.ticket.time_to_resolve', 's', 'Opened to resolved', SECONDS_SLOW),
  pasteVerdicts: counter('writeback.paste.verdicts', '{verdict}', 'Pasted output read, by reader and mark'),
  sectionsFinished: counter(
    'writeback.sections.finished',
    '{section}',
    'Sections that reached their summary, by section and the check where the first problem was',
  ),
  sectionsAbandoned: counter(
    'writeback.sections.abandoned',
    '{section}',
    'Sections left before their summary, by the check on screen',
  ),
  escalations: counter('writeback.escalations', '{escalation}', 'Cases sent to the helpdesk'),
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;

/** Attribute keys the bot sets: only these reach an exporter (src/telemetry/attributes.ts). */
export const ATTRIBUTES = {
  activityType: 'writeback.activity.type',
  invokeName: 'writeback.invoke.name',
  conversationType: 'writeback.conversation.type',
  locale: 'writeback.locale',
  outcome: 'writeback.outcome',
  errorCode: 'error.type',
  operation: 'writeback.operation',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  serverAddress: 'server.address',
  reminderKind: 'writeback.reminder.kind',
  section: 'writeback.section',
  check: 'writeback.check',
  reader: 'writeback.paste.reader',
  mark: 'writeback.paste.mark',
  escalated: 'writeback.escalated',
  storageKeys: 'writeback.storage.keys',
  waitedMs: 'writeback.wait_ms',
} as const;

export type AttributeKey = (typeof ATTRIBUTES)[keyof typeof ATTRIBUTES];
