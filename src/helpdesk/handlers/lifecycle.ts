/**
 * The helpdesk channel's lifecycle from Teams' `conversationUpdate` events (channelDeleted, channelRestored,
 * channelRenamed, teamArchived, teamUnarchived, teamDeleted, teamHardDeleted, teamRestored), the bot's removal
 * from or return to the team, and a post Teams refused (403/404): the tenant's helpdesk record is marked
 * unavailable with the reason, named by its new name, or available again (src/helpdesk/lifecycle.ts), in one
 * compare-and-set. Becoming available again offers the escalations kept meanwhile to their admins; a deleted
 * channel (or team) tells the requesters of its open tickets, each once.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { ErrorCodes } from '../../core/errors';
import { hashId } from '../../core/logRedaction';
import type { Logger } from '../../core/logger';
import { resolveLocale } from '../../i18n/locales';
import { attachment } from '../../cards/elements';
import { tenantIdOf } from '../../turn/activityFacts';
import { turnServices } from '../../turn/turnServices';
import {
  applyLifecycle,
  lifecycleChangeOf,
  type LifecycleChange,
  type UnavailableReason,
} from '../lifecycle';
import { safeName } from '../sanitize';
import { isSafeTenantId, type HelpdeskChannel } from '../store';
import { isOpen } from '../ticket';
import { pendingOfferCard } from '../unavailableCard';
import { afterTurn } from './afterTurn';
import { sendRequesterNotice } from './requesterNotices';
import type { HelpdeskServices } from './wiring';

interface LifecycleChannelData {
  eventType?: unknown;
  team?: { id?: unknown };
  channel?: { id?: unknown; name?: unknown };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Reasons after which the requesters of the open tickets there are told (the channel is gone for good). */
const GONE: ReadonlySet<UnavailableReason> = new Set(['channelDeleted', 'teamDeleted']);

/**
 * One Teams event. `bot`: whether it removes the bot from the team or adds it back (src/bot.ts decides
 * that for uninstalls too). Events of other teams, of other channels and twin events change nothing.
 */
export async function onHelpdeskLifecycle(
  context: TurnContext,
  services: HelpdeskServices,
  bot: { added: boolean; removed: boolean },
): Promise<void> {
  const activity = context.activity;
  if (activity.type !== 'conversationUpdate' && activity.type !== 'installationUpdate') return;
  const data = (activity.channelData ?? {}) as LifecycleChannelData;
  const change = lifecycleChangeOf(str(data.eventType), bot);
  const tenantId = tenantIdOf(activity);
  const teamId = str(data.team?.id);
  if (!change || !teamId || !isSafeTenantId(tenantId)) return;
  const log = turnServices(context).log;
  const channelId = str(data.channel?.id);
  const given = str(data.channel?.name);
  const event = { teamId, channelId, channelName: given ? safeName(given, channelId ?? teamId) : undefined };
  const at = services.now().getTime();
  const changed = await services.store.updateChannel(tenantId, (current) =>
    applyLifecycle(current, change, event, at),
  );
  if (changed) logChange(log, tenantId, change, changed.after);
  if (changed && changed.before.unavailable && !changed.after.unavailable)
    afterTurn(context, () => offerPending(services, tenantId, changed.after, log));
  if (change.kind === 'lost' && GONE.has(change.reason))
    afterTurn(context, () => tellRequesters(services, tenantId, change.reason, event, log));
}

function logChange(log: Logger, tenantId: string, change: LifecycleChange, after: HelpdeskChannel): void {
  const fields = { tenant: hashId(tenantId), team: hashId(after.teamId), channel: hashId(after.channelId) };
  if (change.kind === 'lost')
    log.warn(
      { ...fields, code: ErrorCodes.HELPDESK_UNAVAILABLE, reason: change.reason },
      'helpdesk unavailable',
    );
  else if (change.kind === 'back')
    log.info({ ...fields, code: ErrorCodes.HELPDESK_AVAILABLE_AGAIN }, 'helpdesk available again');
  else log.info(fields, 'helpdesk channel renamed');
}

/**
 * The escalations kept while there was no helpdesk able to take them, offered again to their admins in
 * their language (the same Send, with the summary's token). Taken in one compare-and-set: once.
 */
export async function offerPending(
  services: HelpdeskServices,
  tenantId: string,
  channel: HelpdeskChannel,
  log: Logger,
): Promise<void> {
  const pending = await services.store.takePending(tenantId);
  for (const item of pending) {
    const t = services.localizer.for(resolveLocale(undefined, item.locale));
    const result = await services.sender.send(
      item.conversationKey,
      () => MessageFactory.attachment(attachment(pendingOfferCard(t, item, channel.channelName))),
      { correlationId: `helpdesk-pending-${item.at}` },
    );
    if (result.outcome !== 'sent')
      log.warn(
        {
          code: ErrorCodes.HELPDESK_NOTIFY_FAILED,
          outcome: result.outcome,
          correlationId: result.correlationId,
        },
        'helpdesk: a kept escalation was not offered again',
      );
  }
}

/** The requesters of open tickets in the channel (or team) that is gone: each told once, in their language. */
async function tellRequesters(
  services: HelpdeskServices,
  tenantId: string,
  reason: UnavailableReason,
  event: { teamId: string; channelId?: string },
  log: Logger,
): Promise<void> {
  const there = await services.store.allTickets(
    tenantId,
    (t) =>
      isOpen(t) &&
      t.helpdesk.teamId === event.teamId &&
      (reason !== 'channelDeleted' || t.helpdesk.channelId === event.channelId),
  );
  for (const ticket of there) {
    // Compare-and-set on the ticket: of twin events or two instances only one tells.
    const claimed = await services.store.claimNotice(tenantId, ticket.number, reason);
    if (!claimed) continue;
    const rt = services.localizer.for(resolveLocale(undefined, claimed.requester.locale));
    const message = rt.t('helpdesk.notify.channelGone', { number: claimed.number });
    await sendRequesterNotice(services, claimed, message, `helpdesk-${claimed.number}-${reason}`, log);
  }
}
