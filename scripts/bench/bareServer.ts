/**
 * Reference target: bare restify that forwards one reply per activity to the connector, then answers 200.
 * No botbuilder: the floor of HTTP in, HTTP out on this machine. Prints its port on stdout.
 */
import { Agent, request } from 'node:http';
import restify from 'restify';
import { jsonBodyGuard } from '../../src/http/contentGuard';
import { silentLogger } from '../../src/core/logger';

const agent = new Agent({ keepAlive: true });

function reply(serviceUrl: string, conversationId: string, replyToId: string, body: string): Promise<void> {
  const url = new URL(
    `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(replyToId)}`,
    serviceUrl,
  );
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Incoming {
  id?: string;
  serviceUrl?: string;
  conversation?: { id?: string };
  from?: unknown;
  recipient?: unknown;
  text?: string;
}

const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
// The bot's own body reader (JSON only, size-limited), so the references read requests as the bot does.
server.use(jsonBodyGuard({ maxBytes: 262_144, logger: silentLogger() }));
server.post('/api/messages', async (req, res) => {
  const activity = req.body as Incoming;
  if (!activity?.serviceUrl || !activity.conversation?.id) {
    res.send(400);
    return;
  }
  const answer = {
    type: 'message',
    text: `echo: ${activity.text ?? ''}`,
    from: activity.recipient,
    recipient: activity.from,
    conversation: activity.conversation,
    replyToId: activity.id,
  };
  await reply(activity.serviceUrl, activity.conversation.id, activity.id ?? '', JSON.stringify(answer));
  res.send(200);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
