import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { resolveLocale } from '../i18n/locales';
import type { Localizer } from '../i18n/translator';
import type { Logger } from '../core/logger';
import { timeZoneOf } from '../proactive/conversationReference';
import type { StateAccessors } from './state';
import { setTurnServices } from './turnServices';

export interface TurnPreparation {
  readonly state: Pick<StateAccessors, 'profile'>;
  readonly localizer: Localizer;
  readonly logger: Logger;
  /** The one line that runs the collector script, when the bot knows its public host. */
  readonly collectorCommand?: string;
}

/**
 * Sets the turn's services from the user's profile and the activity: their language (an explicit
 * `language xx` choice, else the Teams client locale), time zone (Teams clientInfo, kept in the profile),
 * a correlation id and a logger. Every turn starts here, the bot's and the dialog tests' alike.
 */
export async function prepareTurn(context: TurnContext, deps: TurnPreparation): Promise<void> {
  const activity = context.activity;
  const profile = await deps.state.profile.get(context, {});
  const timeZone = timeZoneOf(activity);
  if (timeZone && profile.timeZone !== timeZone) profile.timeZone = timeZone;
  const locale = resolveLocale(profile.language, activity.locale);
  const correlationId = typeof activity.id === 'string' && activity.id ? activity.id : randomUUID();
  const logger = deps.logger;
  let log: Logger | undefined;
  setTurnServices(context, {
    t: deps.localizer.for(locale),
    english: deps.localizer.for('en'),
    timeZone: profile.timeZone,
    correlationId,
    collectorCommand: deps.collectorCommand,
    // Made on first use: most turns log nothing, and a pino child per turn is measurable under load.
    get log(): Logger {
      log ??= logger.child({
        correlationId,
        activityType: activity.type,
        conversationType: activity.conversation?.conversationType,
        locale,
      });
      return log;
    },
  });
}
