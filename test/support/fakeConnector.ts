import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: 'POST' | 'PUT' | 'DELETE';
  conversationId: string;
  /** The activity id in the URL: the replyTo id for POST, the updated activity for PUT. */
  activityId?: string;
  activity: Record<string, unknown>;
  /** The id this fake gave a posted activity (what the bot later uses to update it). */
  assignedId?: string;
}

/** A local stand-in for the Bot Connector service (the activity's serviceUrl): records what the bot sends. */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  /** `POST /v3/conversations` requests, failed ones included. */
  createAttempts = 0;
  private counter = 0;
  private waiters: Array<() => void> = [];
  /** Status (or status and error body) to answer the next N calls with (to simulate failures); empty = 200. */
  failures: Array<number | { status: number; body: unknown }> = [];
  /** The same for the next N new threads (`POST /v3/conversations`). */
  createFailures: number[] = [];
  /** Posts into these conversations are recorded, then answered only once the promise settles. */
  readonly holds = new Map<string, Promise<void>>();
  /** Retry-After (seconds) sent with a simulated 429. */
  retryAfterSeconds = 0;
  /** Team rosters for `GET /v3/conversations/{teamId}/members/{userId}` (unknown user → 404). */
  readonly teams = new Map<string, Set<string>>();
  /**
   * Who the roster's ids are (name, Entra object id): a member lookup by Entra object id (the people
   * picker's value) finds them, and `GET /v3/conversations/{teamId}/pagedmembers` lists them.
   */
  readonly people = new Map<string, { id: string; name: string; aadObjectId: string }>();
  /** Channel lists for `GET /v3/teams/{teamId}/conversations` (unknown team → 404). */
  readonly channels = new Map<string, Array<{ id: string; name?: string }>>();
  /** Teams failing: every member lookup answers this status (the SDK retries 5xx); undefined = the roster decides. */
  memberLookupStatus?: number;
  /** Member lookups the bot made: team id and user id. */
  readonly memberLookups: Array<{ teamId: string; userId: string }> = [];
  /** `POST /v3/conversations` bodies (new threads in a channel), with the id this fake gave them. */
  readonly created: Array<{
    parameters: Record<string, unknown>;
    conversationId: string;
    activityId: string;
  }> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ([status, body]) => {
          const retryAfter = status === 429 ? { 'retry-after': String(this.retryAfterSeconds) } : {};
          res.writeHead(status, { 'content-type': 'application/json', ...retryAfter });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Messages the bot sent (POST), in order. */
  get sent(): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === 'POST').map((c) => c.activity);
  }

  get updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  clear(): void {
    this.calls.length = 0;
  }

  async waitForCalls(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} connector calls, got ${this.calls.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '';
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      : {};
    const channelList = /\/v3\/teams\/([^/]+)\/conversations\/?$/.exec(url);
    if (req.method === 'GET' && channelList) {
      const channels = this.channels.get(decodeURIComponent(channelList[1]));
      return channels
        ? [200, { conversations: channels }]
        : [404, { error: { code: 'NotFound', message: 'team not found' } }];
    }
    const paged = /\/v3\/conversations\/([^/]+)\/pagedmembers/.exec(url);
    if (req.method === 'GET' && paged) return this.roster(decodeURIComponent(paged[1]));
    const member = /\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(url);
    if (req.method === 'GET' && member) return this.lookUpMember(member[1], member[2]);
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(url)) return this.createThread(body);
    const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(url);
    if (!match) return [404, { error: { code: 'NotFound', message: url } }];
    const activity = body;
    const method = (req.method ?? 'POST') as RecordedCall['method'];
    const call: RecordedCall = {
      method,
      conversationId: decodeURIComponent(match[1]),
      activityId: match[2] ? decodeURIComponent(match[2]) : undefined,
      activity,
    };
    this.calls.push(call);
    this.waiters.splice(0).forEach((w) => w());
    const hold = this.holds.get(call.conversationId);
    if (hold) await hold;
    const failure = this.failures.shift();
    if (typeof failure === 'object') return [failure.status, failure.body];
    if (failure) return [failure, { error: { code: 'Simulated', message: `status ${failure}` } }];
    if (method === 'PUT') return [200, { id: match[2] }];
    this.counter += 1;
    call.assignedId = `activity-${this.counter}`;
    return [200, { id: call.assignedId }];
  }

  private roster(teamId: string): [number, unknown] {
    const ids = this.teams.get(teamId);
    if (!ids) return [404, { error: { code: 'NotFound', message: 'team not found' } }];
    const members = [...this.people.values()].filter((p) => ids.has(p.id));
    return [200, { members: members.map((p) => ({ ...p, userRole: 'user' })) }];
  }

  private lookUpMember(teamId: string, userId: string): [number, unknown] {
    const team = decodeURIComponent(teamId);
    const asked = decodeURIComponent(userId);
    const byAad = [...this.people.values()].find((p) => p.aadObjectId === asked);
    const user = byAad?.id ?? asked;
    this.memberLookups.push({ teamId: team, userId: user });
    const failing = this.memberLookupStatus;
    if (failing) return [failing, { error: { code: 'ServiceError', message: `status ${failing}` } }];
    if (!this.teams.get(team)?.has(user))
      return [404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } }];
    const known = this.people.get(user);
    return [
      200,
      known
        ? { ...known, userRole: 'user' }
        : { id: user, name: 'member', aadObjectId: user, userRole: 'user' },
    ];
  }

  /** Teams starts a thread: the conversation id is `<channel id>;messageid=<first activity id>`. */
  private createThread(parameters: Record<string, unknown>): [number, unknown] {
    const channelData = parameters.channelData as { channel?: { id?: string } } | undefined;
    const channelId = channelData?.channel?.id;
    if (!channelId || !parameters.activity)
      return [400, { error: { code: 'BadArgument', message: 'channelData.channel.id and activity' } }];
    this.createAttempts += 1;
    const failure = this.createFailures.shift();
    if (failure) return [failure, { error: { code: 'Simulated', message: `status ${failure}` } }];
    this.counter += 1;
    const activityId = `activity-${this.counter}`;
    const conversationId = `${channelId};messageid=${activityId}`;
    this.created.push({ parameters, conversationId, activityId });
    this.waiters.splice(0).forEach((w) => w());
    return [201, { id: conversationId, activityId }];
  }
}
