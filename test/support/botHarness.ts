import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { TenantReports } from '../../src/tenantChecks/handlers/autoCheckSource';
import { createApp, type App } from '../../src/app';
import type { ReminderScheduler } from '../../src/proactive/scheduler';
import { parseConfig } from '../../src/config';
import type { Logger } from '../../src/core/logger';
import { FakeConnector } from './fakeConnector';
import { TeamsConversation, type ConversationOptions } from './teams';

export interface Card {
  type: string;
  body: Array<Record<string, unknown>>;
  actions?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** createApp on a loopback port plus a fake Bot Connector: what Teams would do, over real HTTP. */
export class BotHarness {
  readonly connector = new FakeConnector();
  app!: App;
  baseUrl = '';
  private tempDir?: string;
  serviceUrl = '';

  constructor(
    private readonly options: {
      storage?: Storage;
      dataDir?: string;
      env?: Record<string, string>;
      now?: () => Date;
      tenantReports?: TenantReports;
      reminderScheduler?: ReminderScheduler;
      /** Use the storage the configuration selects (SQLite, or Blob Storage with Azure settings). */
      configuredStorage?: boolean;
      logger?: Logger;
    } = {},
  ) {}

  async start(): Promise<this> {
    this.serviceUrl = await this.connector.start();
    // Even with memory state, the reminder scheduler keeps a file: never inside the repository.
    this.tempDir = this.options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'wb-harness-'));
    const config = parseConfig({
      PORT: '0',
      DATA_DIR: this.options.dataDir ?? this.tempDir,
      ...this.options.env,
    });
    this.app = createApp(config, {
      storage:
        this.options.storage ??
        (this.options.dataDir || this.options.configuredStorage ? undefined : new MemoryStorage()),
      now: this.options.now,
      tenantReports: this.options.tenantReports,
      reminderScheduler: this.options.reminderScheduler,
      logger: this.options.logger,
    });
    await new Promise<void>((resolve) => {
      this.app.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.baseUrl = `http://127.0.0.1:${this.app.server.address().port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.connector.stop();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  conversation(options: Omit<ConversationOptions, 'serviceUrl'> = {}): TeamsConversation {
    return new TeamsConversation({ serviceUrl: this.serviceUrl, ...options });
  }

  async postRaw(
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): Promise<Response> {
    return fetch(`${this.baseUrl}/api/messages`, { method: 'POST', headers, body });
  }

  /** Posts an activity and returns what the bot sent (POSTs and PUTs to the connector) during that turn. */
  async send(activity: Record<string, unknown>): Promise<{
    status: number;
    sent: Array<Record<string, unknown>>;
    updates: Array<Record<string, unknown>>;
  }> {
    const before = this.connector.calls.length;
    const response = await this.postRaw(JSON.stringify(activity));
    await response.arrayBuffer();
    const calls = this.connector.calls.slice(before);
    return {
      status: response.status,
      sent: calls.filter((c) => c.method === 'POST').map((c) => ({ ...c.activity, id: c.assignedId })),
      updates: calls.filter((c) => c.method === 'PUT').map((c) => ({ ...c.activity, id: c.activityId })),
    };
  }
}

/**
 * The card as its user sees it: a card with a Universal Actions `refresh` (a step card in a group chat or
 * channel) is refreshed as the Teams client of `c`'s user does (an `adaptiveCard/action` invoke, trigger
 * `automatic`), and the card the bot answers with is returned; any other card as posted.
 */
export async function viewAs(h: BotHarness, c: TeamsConversation, card: Card): Promise<Card> {
  const refresh = (card.refresh as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined)
    ?.action;
  if (!refresh?.verb || !refresh.data) return card;
  const response = await h.postRaw(
    JSON.stringify(c.execute(refresh.verb, refresh.data, undefined, 'automatic')),
  );
  const body = (await response.json()) as { type?: string; value?: Card };
  if (body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value)
    throw new Error(`the refresh answered ${JSON.stringify(body).slice(0, 200)}`);
  return body.value;
}

export function cardOf(activity: Record<string, unknown> | undefined): Card {
  const attachments = activity?.attachments as Array<{ contentType: string; content: Card }> | undefined;
  const card = attachments?.[0];
  if (!card || card.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity).slice(0, 300)}`);
  }
  return card.content;
}

/** Every Action.Submit in a card (top-level, in ActionSets and in ShowCards), with its title and data. */
export function submitActions(card: Card): Array<{ title: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; data: Record<string, unknown> }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Submit')
      found.push({ title: String(record.title), data: record.data as Record<string, unknown> });
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

export function allText(card: Card): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (
        typeof value === 'string' &&
        ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'].includes(key)
      )
        texts.push(value);
      else visit(value);
    }
  };
  visit(card);
  return texts.join('\n');
}
