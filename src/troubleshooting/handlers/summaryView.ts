/**
 * A summary card (a section's, or the case summary) as each person may see it, the way stepView.ts does it
 * for step cards. In a personal chat it is the one live card, as it always was. In group chats and
 * channels the message is the read-only card (the facts and notes, no buttons) with a `refresh` naming
 * the owner of the section that ended in it: the owner's Teams client asks for their view and gets the
 * live card, the same one a personal chat shows; everyone else keeps the read-only card. A summary is
 * current while it is the latest of its scope and what it shows is unchanged (a section run again, an
 * event ID looked up since for the case summary: then it is not). A refresh only reads: it never writes.
 */
import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { CardAttachment, SummaryCardData } from '../../cards/cardTypes';
import { answeredCard } from '../../cards/answeredCard';
import type { Translator } from '../../i18n/translator';
import type { CaseFile, SummaryView } from '../../turn/state';
import { isPersonalChat } from '../../turn/activityFacts';
import { turnServices } from '../../turn/turnServices';
import { getSection, SECTIONS } from '../catalogue';
import type { Catalogue, SectionId, SummaryScope } from '../model';
import { summaryRefreshAction } from '../actions';
import { summaryCard } from '../cards/summaryCard';
import { caseSummaryData, sectionSummaryData } from '../cards/views';
import { isSomeoneElsesSummary, ownerTeamsId, summaryOwner } from './ownership';

/** Which summary a card is: what the section dialog sends, and what a refresh builds again. */
export interface SummaryShown {
  scope: SummaryScope;
  token: string;
  /** The section that ended in it. */
  section: SectionId;
  /** The section its "Next" starts (a section summary outside "Run all checks"). */
  next?: SectionId;
}

function summaryData(t: Translator, caseFile: CaseFile, shown: SummaryShown, catalogue: Catalogue) {
  if (shown.scope === 'case')
    return caseSummaryData(caseFile.answers, caseFile.events, t, shown.token, catalogue, shown.section);
  return sectionSummaryData(shown.scope, caseFile.answers, t, shown.next, shown.token, catalogue);
}

/** A digest of what a summary of this scope shows now: the answers of its checks (and the case's event IDs). */
function factsOf(caseFile: CaseFile, scope: SummaryScope, catalogue: Catalogue): string {
  const sections = scope === 'case' ? catalogue : [getSection(scope, catalogue)];
  const answers = sections.flatMap((section) =>
    section.checks.map((check) => {
      const recorded = caseFile.answers[check.id];
      return [check.id, recorded?.answer ?? '', recorded?.detail ?? '', recorded?.from ?? ''];
    }),
  );
  const events = scope === 'case' ? caseFile.events : [];
  return createHash('sha256')
    .update(JSON.stringify([answers, events]))
    .digest('base64url')
    .slice(0, 22);
}

function viewCard(
  context: TurnContext,
  data: SummaryCardData,
  shown: SummaryShown,
  teamsId: string,
  view: 'live' | 'readOnly',
): CardAttachment {
  const { t } = turnServices(context);
  const refresh = {
    title: t.t('universal.refresh'),
    data: summaryRefreshAction.build({ scope: shown.scope, token: shown.token }),
    userIds: [teamsId],
  };
  if (view === 'live') return summaryCard(data, { refresh });
  return summaryCard(data, { refresh, readOnly: t.t('universal.readOnlySummary') });
}

/**
 * Records the summary being sent as the latest of its scope (its "Send to helpdesk" is accepted while it
 * is, from its owner) and returns the card to post with its data. In group chats and channels, when the
 * owner's Teams id is known, that is the read-only card with the owner's refresh, and the record keeps
 * what the refresh needs; otherwise (a personal chat, an owner recorded without it) the live card.
 */
export function postedSummary(
  context: TurnContext,
  caseFile: CaseFile,
  shown: SummaryShown,
  catalogue: Catalogue,
): { card: CardAttachment; data: SummaryCardData } {
  const data = summaryData(turnServices(context).t, caseFile, shown, catalogue);
  const teamsId = isPersonalChat(context.activity) ? undefined : ownerTeamsId(caseFile);
  const view: SummaryView | undefined = teamsId
    ? {
        teamsId,
        section: shown.section,
        ...(shown.next ? { next: shown.next } : {}),
        facts: factsOf(caseFile, shown.scope, catalogue),
      }
    : undefined;
  caseFile.summaries = {
    ...caseFile.summaries,
    [shown.scope]: {
      token: shown.token,
      owner: summaryOwner(caseFile, context.activity),
      ...(view ? { view } : {}),
    },
  };
  return { data, card: teamsId ? viewCard(context, data, shown, teamsId, 'readOnly') : summaryCard(data) };
}

/**
 * The answer to a refresh of a summary card: while it is current, the live card for the one it belongs to
 * and the read-only card for anyone else; once it is not, a note and nothing else.
 */
export function refreshedSummaryCard(
  context: TurnContext,
  caseFile: CaseFile | undefined,
  clicked: { scope: SummaryScope; token: string },
  catalogue: Catalogue = SECTIONS,
): CardAttachment {
  const { t } = turnServices(context);
  const record = caseFile?.summaries?.[clicked.scope];
  const view = record?.token === clicked.token ? record.view : undefined;
  if (!caseFile || !record || !view || view.facts !== factsOf(caseFile, clicked.scope, catalogue))
    return answeredCard({ line: t.t('universal.notCurrent') });
  const shown: SummaryShown = {
    scope: clicked.scope,
    token: record.token,
    section: view.section,
    next: view.next,
  };
  const data = summaryData(t, caseFile, shown, catalogue);
  const mine = !isSomeoneElsesSummary(record.owner, context.activity);
  return viewCard(context, data, shown, view.teamsId, mine ? 'live' : 'readOnly');
}
