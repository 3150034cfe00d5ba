import { MemoryStorage, type Activity, type TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import { createAccessors, type StateAccessors } from '../../src/turn/state';
import { ETagConversationState, JsonCheckedUserState } from '../../src/storage/eTagConversationState';
import { prepareTurn } from '../../src/turn/prepareTurn';
import type { Catalogue } from '../../src/troubleshooting/model';
import { Localizer } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import type { Card } from './botHarness';

const defaultLocalizer = new Localizer();

export interface DialogHarnessOptions {
  /** A fixture catalogue instead of SECTIONS. */
  readonly catalogue?: Catalogue;
  /** A localizer with fixture strings instead of the locale files'. */
  readonly localizer?: Localizer;
}

/** MainDialog under botbuilder-testing's DialogTestClient, with the per-turn services the bot sets up. */
export class DialogHarness {
  readonly client: DialogTestClient;
  readonly state: StateAccessors;
  locale: string;

  constructor(
    locale = 'en-US',
    now: () => Date = () => new Date('2026-11-23T10:00:00Z'),
    options: DialogHarnessOptions = {},
  ) {
    this.locale = locale;
    const localizer = options.localizer ?? defaultLocalizer;
    const storage = new MemoryStorage();
    this.state = createAccessors(new ETagConversationState(storage), new JsonCheckedUserState(storage));
    const state = this.state;
    const services = {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        context.activity.locale ??= this.locale;
        await prepareTurn(context, { state, localizer, logger: silentLogger() });
        await next();
        await state.userState.saveChanges(context, false);
      },
    };
    this.client = new DialogTestClient(
      'msteams',
      new MainDialog({ state, localizer, now, catalogue: options.catalogue }),
      undefined,
      [services],
      state.conversationState,
    );
  }

  /** One user turn; returns every reply the bot sent in it. */
  async say(textOrValue: string | Record<string, unknown>): Promise<Array<Partial<Activity>>> {
    const activity: Partial<Activity> =
      typeof textOrValue === 'string'
        ? { type: 'message', text: textOrValue, locale: this.locale }
        : { type: 'message', value: textOrValue, locale: this.locale };
    const replies: Array<Partial<Activity>> = [];
    const first = (await this.client.sendActivity(activity)) as Partial<Activity> | undefined;
    if (first) replies.push(first);
    for (let next = this.client.getNextReply(); next; next = this.client.getNextReply()) replies.push(next);
    return replies;
  }
}

export function cardsIn(replies: Array<Partial<Activity>>): Card[] {
  return replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as Card));
}

export function textsIn(replies: Array<Partial<Activity>>): string[] {
  return replies.map((r) => r.text).filter((t): t is string => typeof t === 'string');
}
