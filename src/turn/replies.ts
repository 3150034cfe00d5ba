import { MessageFactory, type TurnContext } from 'botbuilder';
import type { CardAttachment } from '../cards/cardTypes';
import { eventCard } from '../troubleshooting/cards/eventCard';
import { welcomeCard } from '../troubleshooting/cards/welcomeCard';
import { eventCardData, welcomeCardData } from '../troubleshooting/cards/views';
import { ErrorCodes } from '../core/errors';
import type { CaseFile } from './state';
import { turnServices } from './turnServices';
import { answerWithCard, answerWithMessage, isExecuteTurn } from './cardInvoke';

/** Sends one card as one message (Teams splits text + attachment, so the text lives inside the card). */
export async function sendCard(context: TurnContext, card: CardAttachment): Promise<string | undefined> {
  const response = await context.sendActivity(MessageFactory.attachment(card));
  return response?.id;
}

export async function sendNote(
  context: TurnContext,
  key: string,
  values?: Record<string, string | number>,
): Promise<void> {
  await context.sendActivity(MessageFactory.text(turnServices(context).t.t(key, values)));
}

export async function sendWelcome(
  context: TurnContext,
  options: { help?: boolean; caseFile?: CaseFile } = {},
): Promise<void> {
  const { t } = turnServices(context);
  const current = options.caseFile?.current;
  const inSection = current
    ? t.t('welcome.inSection', {
        section: t.t(`sections.${current.section}.title`),
        n: current.n,
        m: current.m,
      })
    : undefined;
  const collector = turnServices(context).collectorCommand;
  await sendCard(context, welcomeCard(welcomeCardData(t, { help: options.help, inSection, collector })));
}

export async function sendEvent(context: TurnContext, id: number): Promise<void> {
  await sendCard(context, eventCard(eventCardData(id, turnServices(context).t)));
}

/** Replaces a card we sent earlier; a failure to update is logged, never fatal for the turn. */
export async function replaceCard(
  context: TurnContext,
  activityId: string | undefined,
  card: CardAttachment,
): Promise<void> {
  if (!activityId) return;
  try {
    await context.updateActivity({ type: 'message', id: activityId, attachments: [card] });
  } catch (err) {
    turnServices(context).log.warn(
      { err, activityId, code: ErrorCodes.CARD_UPDATE_FAILED },
      'could not update an answered card',
    );
  }
}

/**
 * The clicked card becomes `card`: in an Action.Execute turn it is the invoke's answer (no call to the
 * connector), after an Action.Submit (an older client) the message is updated in place.
 */
export async function answerClickedCard(
  context: TurnContext,
  activityId: string | undefined,
  card: CardAttachment,
): Promise<void> {
  if (isExecuteTurn(context)) answerWithCard(context, card);
  else await replaceCard(context, activityId, card);
}

/** A click or message that changes nothing: the note in the invoke's answer for Action.Execute, else posted. */
export async function refuse(
  context: TurnContext,
  key: string,
  values?: Record<string, string | number>,
): Promise<void> {
  if (isExecuteTurn(context)) answerWithMessage(context, turnServices(context).t.t(key, values));
  else await sendNote(context, key, values);
}
