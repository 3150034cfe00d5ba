import type {
  CardAttachment,
  NavButton,
  SummaryCardData,
  SummaryGroup,
  UserSpecificView,
} from '../../cards/cardTypes';
import {
  attachment,
  card,
  container,
  factSet,
  heading,
  executeAction,
  refreshOf,
  subtle,
  text,
  type ExecuteAction,
} from '../../cards/elements';
import { helpdeskOfferAction } from '../../helpdesk/helpdeskOffer';
import { remindAction } from '../../reminders/remindAction';

/** A navigation button (start a section, run all, main menu). */
export const navButton = (b: NavButton): ExecuteAction => executeAction(b.title, b.data);

const group = (g: SummaryGroup) =>
  container(
    [
      ...(g.heading ? [text(g.heading, { weight: 'Bolder' })] : []),
      factSet(g.facts.map((f) => ({ title: f.status, value: f.check }))),
    ],
    { spacing: 'Medium' },
  );

/**
 * A section summary or the case summary: a FactSet per group, the notes, then what to do next. The
 * read-only view (group chats and channels, see src/troubleshooting/handlers/summaryView.ts) keeps the
 * facts and notes, with no buttons.
 */
export function summaryCard(data: SummaryCardData, view: UserSpecificView = {}): CardAttachment {
  const refresh = view.refresh && refreshOf(view.refresh.title, view.refresh.data, view.refresh.userIds);
  const extra = refresh ? { refresh } : {};
  const body = [
    heading(data.title),
    data.intro ? text(data.intro) : undefined,
    ...data.groups.map(group),
    ...data.notes.map((note) => text(note, { spacing: 'Small' })),
  ];
  if (view.readOnly) return attachment(card([...body, subtle(view.readOnly)], [], extra));
  return attachment(
    card(
      body,
      [
        ...data.buttons.map(navButton),
        remindAction(data),
        data.helpdesk ? helpdeskOfferAction(data.helpdesk) : undefined,
      ],
      extra,
    ),
  );
}
