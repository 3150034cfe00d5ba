/**
 * The step card on screen (a check card, or the fix card after "Not OK") as each person may see it.
 * In a personal chat it is the one live card. In group chats and channels (Universal Actions user-specific
 * views) the message itself is the read-only card, with a `refresh` naming the section's owner: the
 * owner's Teams client asks for their view (`adaptiveCard/action`, trigger `automatic`) and gets the live
 * card with the buttons; everyone else keeps the read-only card. A refresh only reads: it never answers
 * a check, never moves the section on and never writes state.
 */
import type { TurnContext } from 'botbuilder';
import type { CardAttachment } from '../../cards/cardTypes';
import { answeredCard } from '../../cards/answeredCard';
import { findCheck } from '../catalogue';
import type { Catalogue, Check, CheckId } from '../model';
import type { AutoCheck } from '../../tenantChecks/autoChecks';
import type { PendingPaste, CaseFile } from '../../turn/state';
import { refreshAction } from '../actions';
import { stepCard } from '../cards/stepCard';
import { answeredCardData, checkCardData, fixCardData } from '../cards/views';
import { isPersonalChat } from '../../turn/activityFacts';
import { turnServices } from '../../turn/turnServices';
import { isSectionOwner, ownerTeamsId } from './ownership';

/** What the card prompt is asked to run: one check of a section, from its card to its fix. */
export interface StepOptions {
  checkId: CheckId;
  n: number;
  m: number;
  /** What Microsoft Graph found for this check, shown on the check card. */
  auto?: AutoCheck;
  /** Answered earlier by pasted output: OK skips the card, Not OK goes straight to the fix card. */
  pasted?: PendingPaste;
}

export interface CheckOutcome {
  answer: 'ok' | 'notOk' | 'skip';
  detail?: string;
  from?: 'paste';
}

/** The card prompt's stored state: which card of the check is on screen, and its token. */
export interface PromptState {
  options: StepOptions;
  phase: 'check' | 'fix';
  token: string;
  activityId?: string;
  /** On the fix card: extra verdict (why the typed version is too old, what the paste showed). */
  why?: string;
  /** On the fix card: what "Move on" records (the Not OK that led there). */
  outcome?: CheckOutcome;
}

type View = 'posted' | 'live' | 'readOnly';

function liveData(context: TurnContext, state: PromptState, check: Check) {
  const { t, timeZone, collectorCommand } = turnServices(context);
  const position = { n: state.options.n, m: state.options.m };
  if (state.phase === 'check')
    return checkCardData(check, t, position, state.token, {
      auto: state.options.auto,
      timeZone,
      collector: collectorCommand,
    });
  const data = fixCardData(check, t, position, state.token);
  return state.why ? { ...data, why: state.why } : data;
}

/**
 * The step card for this turn's user: `posted` is what the message carries (live in a personal chat;
 * read-only with the owner's refresh elsewhere), `live` the owner's view, `readOnly` everyone else's.
 */
export function stepCardFor(
  context: TurnContext,
  state: PromptState,
  catalogue: Catalogue | undefined,
  caseFile: CaseFile | undefined,
  view: View = 'posted',
): CardAttachment {
  const check = findCheck(state.options.checkId, catalogue) as Check;
  const data = liveData(context, state, check);
  if (isPersonalChat(context.activity)) return stepCard(data);
  const owner = caseFile ? ownerTeamsId(caseFile) : undefined;
  const { t } = turnServices(context);
  const refresh = owner
    ? {
        title: t.t('universal.refresh'),
        data: refreshAction.build({ check: check.id, token: state.token }),
        userIds: [owner],
      }
    : undefined;
  if (view === 'live' || !refresh) return stepCard(data, { refresh });
  return stepCard(data, { refresh, readOnly: t.t('universal.readOnly') });
}

/**
 * The answer to a refresh of a step card: the owner's live card while it is the card on screen; the
 * read-only card for anyone else; for a card no longer current, its answered line (or a note).
 */
export function refreshedStepCard(
  context: TurnContext,
  onScreen: PromptState | undefined,
  caseFile: CaseFile | undefined,
  clicked: { check: CheckId; token: string },
  catalogue?: Catalogue,
): CardAttachment {
  const current = onScreen && onScreen.token === clicked.token && onScreen.options.checkId === clicked.check;
  if (current && caseFile)
    return stepCardFor(
      context,
      onScreen,
      catalogue,
      caseFile,
      isSectionOwner(caseFile, context.activity) ? 'live' : 'readOnly',
    );
  const { t, timeZone } = turnServices(context);
  const check = findCheck(clicked.check, catalogue);
  const recorded = caseFile?.answers[clicked.check];
  if (check && recorded)
    return answeredCard(
      answeredCardData(check, t, recorded.answer, new Date(recorded.at), {
        detail: recorded.detail,
        timeZone,
      }),
    );
  return answeredCard({ line: t.t('universal.notCurrent') });
}
