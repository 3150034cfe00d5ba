/**
 * Reference target: an echo bot on the same stack as the real bot (botbuilder CloudAdapter in local mode,
 * restify with the same body parser), one text reply per message. Prints its port on stdout.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { jsonBodyGuard } from '../../src/http/contentGuard';
import { silentLogger } from '../../src/core/logger';

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    MicrosoftAppType: 'MultiTenant',
  }),
);

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const said = context.activity.text ?? JSON.stringify(context.activity.value ?? null);
      await context.sendActivity(`echo: ${said}`);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await context.sendActivity('hello');
      await next();
    });
  }
}

const bot = new EchoBot();
const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
// The bot's own body reader (JSON only, size-limited), so the references read requests as the bot does.
server.use(jsonBodyGuard({ maxBytes: 262_144, logger: silentLogger() }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
