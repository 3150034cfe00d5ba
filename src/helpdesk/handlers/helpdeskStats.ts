/** `@bot helpdesk stats` in the helpdesk channel: the last 7 and 30 days, in the helpdesk's language. */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { attachment } from '../../cards/elements';
import { resolveLocale } from '../../i18n/locales';
import { sendNote } from '../../turn/replies';
import { failingChecks, windowStats } from '../stats';
import { statsCard } from '../statsCard';
import { channelIdsOf } from './teamChannel';
import type { HelpdeskServices } from './wiring';

const DAY_MS = 86_400_000;
const WINDOWS = [7, 30] as const;

export async function showStats(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<void> {
  const channel = await services.store.channel(tenantId);
  if (!channel) return sendNote(context, 'helpdesk.stats.noHelpdesk');
  if (channelIdsOf(context)?.channelId !== channel.channelId)
    return sendNote(context, 'helpdesk.stats.notHere', { channel: channel.channelName });
  const now = services.now().getTime();
  const from = now - Math.max(...WINDOWS) * DAY_MS;
  const tickets = await services.store.allTickets(
    tenantId,
    (t) => t.createdAt >= from || (t.resolvedAt ?? 0) >= from || (t.rating?.at ?? 0) >= from,
  );
  const outcomes = await services.outcomes.days(tenantId);
  const t = services.localizer.for(resolveLocale(undefined, channel.locale));
  const windows = WINDOWS.map((days) => windowStats(tickets, outcomes, services.sla, now, days));
  const card = statsCard(t, windows, failingChecks(outcomes, now, 30));
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
}
