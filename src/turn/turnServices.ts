import type { TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger';
import type { Translator } from '../i18n/translator';

/** What every turn carries: the user's translator (their language), English for keywords, time zone, logger. */
export interface TurnServices {
  readonly t: Translator;
  readonly english: Translator;
  readonly timeZone?: string;
  readonly log: Logger;
  readonly correlationId: string;
  /** The one line that runs the collector script on the Connect server; absent when the bot's host is unknown. */
  readonly collectorCommand?: string;
}

const KEY = Symbol('writeback.turnServices');

export function setTurnServices(context: TurnContext, services: TurnServices): void {
  context.turnState.set(KEY, services);
}

export function turnServices(context: TurnContext): TurnServices {
  const services = context.turnState.get<TurnServices | undefined>(KEY);
  if (!services) throw new Error('turn services were not set for this turn');
  return services;
}
