/**
 * Helpdesk turns: setting the channel up (`helpdesk here` / `off` / `language xx`), `tickets`,
 * "Send to helpdesk" from a summary card (./escalate.ts), and the Action.Submit fallback of the ticket card.
 */
import { MessageFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { attachment } from '../cards/elements';
import { ticketListCard } from '../cards/helpdeskCards';
import { ErrorCodes, describeError } from '../errors';
import type { HelpdeskCommand } from '../helpdesk/commands';
import { safeName } from '../helpdesk/sanitize';
import { isSafeTenantId, type HelpdeskChannel } from '../helpdesk/store';
import { isOpen, type Ticket } from '../helpdesk/ticket';
import { updateTicketMessage, workTicket, type TicketVerb } from '../helpdeskInvoke';
import type { HelpdeskServices } from '../helpdeskWiring';
import { LANGUAGE_NAMES, matchLocale, resolveLocale, SUPPORTED_LOCALES } from '../i18n/locales';
import { referenceFromActivity, tenantIdOf } from '../proactive/conversationReference';
import type { StoredConversationReference } from '../proactive/types';
import { escalate, type EscalateRequest } from './escalate';
import { sendNote } from './replies';
import type { CaseFile } from './state';
import { turnServices } from './turnServices';

export type HelpdeskRequest =
  | HelpdeskCommand
  | ({ kind: 'escalate' } & EscalateRequest)
  | { kind: 'ticketAction'; number: number; verb: TicketVerb; note?: string };

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

const languageName = (locale: string): string => LANGUAGE_NAMES[resolveLocale(undefined, locale)];

/** Teams' own name of the General channel, which the channel list gives without a name. */
const GENERAL_CHANNEL = 'General';

/**
 * The team channel this message came from, when it came from one. Teams' channel messages carry the
 * channel id but rarely its name, so the name is asked of Teams (the team's channel list); when that is
 * not possible the id stands in for it.
 */
async function channelOf(
  context: TurnContext,
): Promise<{ teamId: string; channelId: string; name: string } | undefined> {
  const ids = channelIdsOf(context);
  if (!ids) return undefined;
  const given = (context.activity.channelData as TeamsChannelData | undefined)?.channel?.name;
  const name = safeName(
    given ?? (await listedChannelName(context, ids.teamId, ids.channelId)),
    ids.channelId,
  );
  return { ...ids, name };
}

/** The team and channel ids of this message, when it came from a team channel. */
function channelIdsOf(context: TurnContext): { teamId: string; channelId: string } | undefined {
  const activity = context.activity;
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  const channelId = data.channel?.id;
  return teamId && channelId ? { teamId, channelId } : undefined;
}

async function listedChannelName(
  context: TurnContext,
  teamId: string,
  channelId: string,
): Promise<string | undefined> {
  try {
    const channels = await TeamsInfo.getTeamChannels(context, teamId);
    const channel = channels.find((c) => c.id === channelId);
    if (!channel) return undefined;
    return channel.name ?? (channelId === teamId ? GENERAL_CHANNEL : undefined);
  } catch (err) {
    turnServices(context).log.info(
      { code: ErrorCodes.HELPDESK_CHANNEL_LOOKUP_FAILED, err: describeError(err) },
      'helpdesk: channel list not available; the channel id names the channel',
    );
    return undefined;
  }
}

export async function handleHelpdesk(
  context: TurnContext,
  services: HelpdeskServices,
  request: HelpdeskRequest,
  caseFile: CaseFile,
): Promise<void> {
  const tenantId = tenantIdOf(context.activity);
  if (!isSafeTenantId(tenantId)) {
    await sendNote(context, 'helpdesk.setup.noTenant');
    return;
  }
  switch (request.kind) {
    case 'here':
      return setHere(context, services, tenantId);
    case 'off':
      return setOff(context, services, tenantId);
    case 'language':
      return setLanguage(context, services, tenantId, request.code);
    case 'tickets':
      return listTickets(context, services, tenantId);
    case 'escalate':
      return escalate(context, services, tenantId, request, caseFile);
    case 'ticketAction': {
      const outcome = await workTicket(context, services, request.number, request.verb, request.note);
      // Older clients: no invoke response to carry the card, so the message itself is updated.
      await updateTicketMessage(context, services, outcome);
      if (outcome.note) await context.sendActivity(MessageFactory.text(outcome.note));
      return;
    }
  }
}

async function setHere(context: TurnContext, services: HelpdeskServices, tenantId: string): Promise<void> {
  const here = await channelOf(context);
  if (!here) {
    await sendNote(context, 'helpdesk.setup.notChannel');
    return;
  }
  const { t, timeZone } = turnServices(context);
  const incoming = referenceFromActivity(context.activity, services.now().getTime());
  if (!incoming) throw new Error('a channel message without a conversation reference');
  const reference: StoredConversationReference = {
    ...incoming,
    conversation: { id: here.channelId, tenantId, conversationType: 'channel', isGroup: true },
  };
  const activity = context.activity;
  const channel: HelpdeskChannel = {
    tenantId,
    teamId: here.teamId,
    channelId: here.channelId,
    channelName: here.name,
    serviceUrl: activity.serviceUrl,
    reference,
    locale: t.locale,
    ...(timeZone ? { timeZone } : {}),
    setBy: { id: activity.from.id, name: activity.from.name ?? '', aadObjectId: activity.from.aadObjectId },
    setAt: services.now().getTime(),
  };
  const previous = await services.store.setChannel(channel);
  const values = { channel: here.name, language: languageName(channel.locale) };
  if (previous && previous.channelId === here.channelId)
    await sendNote(context, 'helpdesk.setup.same', values);
  else if (previous)
    await sendNote(context, 'helpdesk.setup.replaced', { ...values, previous: previous.channelName });
  else await sendNote(context, 'helpdesk.setup.set', values);
}

/**
 * The tenant's helpdesk channel when this message comes from it; otherwise the user is told (no helpdesk,
 * or which channel it is) and the answer is undefined. Changing the helpdesk is done from its channel only.
 */
async function fromHelpdeskChannel(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<HelpdeskChannel | undefined> {
  const current = await services.store.channel(tenantId);
  if (!current) {
    await sendNote(context, 'helpdesk.setup.offNone');
    return undefined;
  }
  if (channelIdsOf(context)?.channelId !== current.channelId) {
    await sendNote(context, 'helpdesk.setup.notHere', { channel: current.channelName });
    return undefined;
  }
  return current;
}

async function setOff(context: TurnContext, services: HelpdeskServices, tenantId: string): Promise<void> {
  if (!(await fromHelpdeskChannel(context, services, tenantId))) return;
  await services.store.removeChannel(tenantId);
  await sendNote(context, 'helpdesk.setup.off');
}

async function setLanguage(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
  code: string,
): Promise<void> {
  if (!(await fromHelpdeskChannel(context, services, tenantId))) return;
  const locale = matchLocale(code);
  if (!locale) {
    const list = SUPPORTED_LOCALES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(', ');
    await sendNote(context, 'notes.languageUnknown', { code: code.slice(0, 20), list });
    return;
  }
  await services.store.setLanguage(tenantId, locale);
  // Said in the new language: that is what the helpdesk will read from now on.
  const t = services.localizer.for(locale);
  await context.sendActivity(
    MessageFactory.text(t.t('helpdesk.setup.languageSet', { language: LANGUAGE_NAMES[locale] })),
  );
}

async function listTickets(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<void> {
  const { t, timeZone } = turnServices(context);
  const channel = await services.store.channel(tenantId);
  const inHelpdesk = channel !== undefined && channelIdsOf(context)?.channelId === channel.channelId;
  const from = context.activity.from;
  const mine = (ticket: Ticket): boolean =>
    from.aadObjectId ? ticket.requester.aadObjectId === from.aadObjectId : ticket.requester.id === from.id;
  const tickets = await services.store.list(tenantId, inHelpdesk ? isOpen : mine);
  const card = ticketListCard(tickets, t, inHelpdesk ? 'open' : 'mine', timeZone);
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
}
