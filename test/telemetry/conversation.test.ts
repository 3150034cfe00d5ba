import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { context, metrics as metricsApi, trace, SpanKind } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MemoryStorage } from 'botbuilder';
import { createLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import { METRICS, SPANS } from '../../src/telemetry/names';
import { startSdk } from '../../src/telemetry/otel';
import { installTelemetry } from '../../src/telemetry/port';
import type { TelemetryConfig } from '../../src/telemetry/settings';
import { BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { agent, TeamsChannel } from '../support/teamsChannel';
import { newUser } from '../support/teams';

const ADMIN_NAME = 'Anna Bērziņa-Testere';
const UPN = 'anna.berzina.testere@contoso-test.example';
const TYPED = 'my printer says qwertyzebra';
const DESCRIPTION = 'Since Monday nobody at Zebraflute Ltd can reset';
const PASTE = `PS C:\\Users\\adm-pastedzebra> Test-NetConnection ssprdedicatedsbprodfra-1.servicebus.windows.net -Port 443
WARNING: TCP connect to (20.42.73.208 : 443) failed

ComputerName           : ssprdedicatedsbprodfra-1.servicebus.windows.net
RemoteAddress          : 20.42.73.208
RemotePort             : 443
InterfaceAlias         : Ethernet0
SourceAddress          : 10.20.1.15
PingSucceeded          : False
TcpTestSucceeded       : False
`;

const CONFIG: TelemetryConfig = {
  serviceName: 'writeback-bot-test',
  resourceAttributes: {},
  sampler: { name: 'parentbased_always_on', ratio: 1 },
  metricIntervalMs: 60_000,
  metricTimeoutMs: 30_000,
};

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

describe('telemetry of a full conversation (in-memory exporters)', () => {
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const logLines: string[] = [];
  let restore: () => void;
  let h: BotHarness;
  let dir: string;
  let clock: number;
  let scheduler: SqliteReminderScheduler;

  before(async () => {
    const sink = startSdk(CONFIG, {
      spanProcessors: [new SimpleSpanProcessor(spans)],
      metricReaders: [reader],
    });
    restore = installTelemetry(sink);
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      }),
      { traceFields: () => sink.logFields() },
    );
    clock = Date.parse('2026-11-23T10:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'wb-otel-'));
    scheduler = new SqliteReminderScheduler({
      database: join(dir, 'reminders.sqlite'),
      logger,
      pollMs: 20,
      now: () => clock,
    });
    h = await new BotHarness({
      storage: new MemoryStorage(),
      now: () => new Date(clock),
      reminderScheduler: scheduler,
      logger,
      env: { HELPDESK_UNASSIGNED_REMINDER_MINUTES: '1' },
    }).start();
    h.app.startReminders();
  });
  after(async () => {
    await h.stop();
    await reader.shutdown();
    restore();
    trace.disable();
    metricsApi.disable();
    context.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('install, a section, a paste, an escalation and a reminder: spans, metrics and logs in shape, no personal data', async () => {
    const lead = agent('Alex Agentsson');
    const channel = new TeamsChannel(h.serviceUrl);
    h.connector.teams.set(channel.teamId, new Set([lead.id]));
    assert.equal((await h.send(channel.mention(lead, 'helpdesk here'))).status, 200);

    const user = { ...newUser(ADMIN_NAME), id: `29:${UPN}` };
    const admin = h.conversation({ user, locale: 'lv-LV' });
    await h.send(admin.installationAdd());
    await h.send(admin.message(`${TYPED} ${UPN}`));
    await h.send(admin.message(PASTE));
    let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const offersEscalation = (a: Record<string, unknown>): boolean =>
      Array.isArray(a.attachments) &&
      submitActions(cardOf(a)).some((b) => (b.data.wb as { a?: string }).a === 'escalate');
    let summary: Record<string, unknown> | undefined;
    for (let i = 0; i < 10 && !summary; i++) {
      summary = turn.sent.find(offersEscalation);
      const card = turn.sent.filter((a) => Array.isArray(a.attachments)).at(-1);
      if (!summary && card)
        turn = await h.send(admin.submit(submitWith(cardOf(card), 'answer', { ans: 'ok' })));
    }
    assert.ok(summary, 'a summary that offers "Send to helpdesk"');
    const escalation = await h.send(
      admin.submit(
        { ...submitWith(cardOf(summary), 'escalate'), hdDescription: DESCRIPTION },
        String(summary.id),
      ),
    );
    assert.equal(escalation.status, 200);
    assert.equal(h.connector.created.length, 1, 'the ticket went to the helpdesk channel');

    // The "nobody took it" reminder of the ticket: delivered as its own trace.
    const before = h.connector.sent.length;
    clock += 2 * 60_000;
    for (let i = 0; i < 100 && h.connector.sent.length === before; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(h.connector.sent.length > before, 'the reminder was delivered');
    await new Promise((r) => setTimeout(r, 100));
    await reader.forceFlush();

    const finished = spans.getFinishedSpans();
    const turns = finished.filter((s) => s.name.startsWith(`${SPANS.turn} `));
    assert.ok(turns.length >= 8, `turn spans: ${turns.length}`);
    for (const s of turns) {
      assert.equal(s.kind, SpanKind.SERVER);
      assert.ok(s.attributes['writeback.activity.type'], 'activity type');
      assert.equal(s.attributes['writeback.outcome'], 'ok');
    }
    assert.ok(turns.some((s) => s.attributes['writeback.locale'] === 'lv-LV'));
    assert.ok(turns.some((s) => s.attributes['writeback.conversation.type'] === 'channel'));
    const byId = new Map(finished.map((s) => [s.spanContext().spanId, s]));
    const turnOf = (s: ReadableSpan): ReadableSpan | undefined => {
      let parent = s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined;
      while (parent && !parent.name.startsWith(`${SPANS.turn} `))
        parent = parent.parentSpanContext ? byId.get(parent.parentSpanContext.spanId) : undefined;
      return parent;
    };
    const connector = finished.filter((s) => s.name.startsWith(`${SPANS.connector} `));
    assert.ok(
      connector.some((s) => s.kind === SpanKind.CLIENT && turnOf(s)),
      'connector calls are children of turns',
    );
    assert.ok(
      connector.every((s) => !s.name.includes(':')),
      'named by template, no ids',
    );
    assert.ok(
      finished.some((s) => s.name === SPANS.storageRead && turnOf(s)),
      'storage reads in turns',
    );
    assert.ok(
      finished.some((s) => s.name === SPANS.storageWrite && turnOf(s)),
      'storage writes in turns',
    );

    const proactive = finished.filter((s) => s.name === SPANS.proactive);
    const reminder = proactive.find((s) => s.attributes['writeback.reminder.kind'] === 'helpdeskUnassigned');
    assert.ok(reminder, 'the reminder delivery has its span');
    assert.equal(reminder.parentSpanContext, undefined, 'its own trace');
    const link = reminder.links[0]?.context;
    assert.ok(link, 'linked to the turn that scheduled it');
    const scheduling =
      finished.find((s) => s.spanContext().spanId === link.spanId) ??
      finished.find((s) => s.spanContext().traceId === link.traceId);
    assert.ok(
      scheduling && (scheduling.name.startsWith(SPANS.turn) || turnOf(scheduling)),
      'the link points into the escalation turn',
    );
    assert.ok(
      connector.some((s) => s.spanContext().traceId === reminder.spanContext().traceId),
      'its connector call is in its trace',
    );

    const exported = metricExporter.getMetrics();
    const metricNames = new Set(
      exported.flatMap((r) => r.scopeMetrics.flatMap((m) => m.metrics.map((x) => x.descriptor.name))),
    );
    for (const key of [
      'turns',
      'turnDuration',
      'connectorCalls',
      'pasteVerdicts',
      'sectionsFinished',
      'escalations',
      'ticketsOpened',
      'remindersScheduled',
      'remindersDue',
      'remindersSent',
      'reminderLateness',
    ] as const)
      assert.ok(metricNames.has(METRICS[key].name), `${METRICS[key].name} exported`);

    const traced = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => typeof l.trace_id === 'string');
    assert.ok(traced.length > 0, 'log lines written in a turn carry trace_id');
    const traceIds = new Set(finished.map((s) => s.spanContext().traceId));
    assert.ok(traced.every((l) => traceIds.has(l.trace_id as string) && typeof l.span_id === 'string'));

    const everything =
      JSON.stringify(
        finished.map((s) => ({
          name: s.name,
          attributes: s.attributes,
          status: s.status,
          events: s.events,
          links: s.links,
          resource: s.resource.attributes,
        })),
      ) +
      JSON.stringify(exported, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) +
      logLines.join('\n');
    for (const [what, value] of Object.entries({
      ADMIN_NAME,
      agentName: lead.name,
      UPN,
      TYPED,
      DESCRIPTION,
      pasted: 'pastedzebra',
      aadObjectId: user.aadObjectId,
      agentObjectId: lead.aadObjectId,
      userId: user.id,
      agentId: lead.id,
      conversationId: admin.conversationId,
      channelId: channel.channelId,
    }))
      assert.ok(!everything.includes(value), `${what} appears in telemetry or logs`);
  });
});
