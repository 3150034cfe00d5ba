/**
 * Telling the requester of a ticket something (taken, resolved, its channel deleted): in their personal
 * chat with the bot when the escalation came from there, or when it came from a group chat and the bot
 * has a personal chat with them stored; otherwise in the group chat it came from, with an @mention so
 * that it reaches them there. Always through the one outbound sender (paced, retried).
 */
import { MessageFactory, type Activity } from 'botbuilder';
import { ErrorCodes } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { plainName } from '../sanitize';
import type { Ticket } from '../ticket';
import type { HelpdeskServices } from './wiring';

type NoticeServices = Pick<HelpdeskServices, 'references' | 'sender' | 'personalChatOf'>;

/** Where a notice to the requester goes, and whether it has to @mention them there. */
async function noticeTarget(
  services: NoticeServices,
  ticket: Ticket,
): Promise<{ conversationKey: string; mention: boolean }> {
  const own = ticket.requester.conversationKey;
  const reference = await services.references.get(own);
  const type = reference?.conversation.conversationType;
  if (type === 'personal' || (type === undefined && reference?.conversation.isGroup !== true))
    return { conversationKey: own, mention: false };
  const personal = await services.personalChatOf(ticket.requester.id);
  return personal ? { conversationKey: personal, mention: false } : { conversationKey: own, mention: true };
}

/** The notice as a group chat gets it: the requester @mentioned first. */
function withMention(ticket: Ticket, message: string): Partial<Activity> {
  const name = plainName(ticket.requester.name, ticket.requester.id);
  const tag = `<at>${name}</at>`;
  const activity = MessageFactory.text(`${tag} ${message}`);
  activity.entities = [{ type: 'mention', text: tag, mentioned: { id: ticket.requester.id, name } }];
  return activity;
}

/**
 * Sends what `build` makes (told whether the target is a group chat that needs an @mention) to where the
 * requester is reached; a send that fails is logged with `what`, never thrown.
 */
export async function sendToRequester(
  services: NoticeServices,
  ticket: Ticket,
  build: (mention: boolean) => Partial<Activity>,
  correlationId: string,
  log: Logger,
  what: string,
): Promise<void> {
  const target = await noticeTarget(services, ticket);
  const result = await services.sender.send(target.conversationKey, () => build(target.mention), {
    correlationId,
  });
  if (result.outcome !== 'sent')
    log.warn(
      {
        code: ErrorCodes.HELPDESK_NOTIFY_FAILED,
        outcome: result.outcome,
        correlationId: result.correlationId,
        mention: target.mention,
      },
      what,
    );
}

export async function sendRequesterNotice(
  services: NoticeServices,
  ticket: Ticket,
  message: string,
  correlationId: string,
  log: Logger,
): Promise<void> {
  await sendToRequester(
    services,
    ticket,
    (mention) => (mention ? withMention(ticket, message) : MessageFactory.text(message)),
    correlationId,
    log,
    'helpdesk: requester not notified',
  );
}
