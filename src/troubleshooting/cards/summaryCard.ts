import type { CardAttachment, NavButton, SummaryCardData, SummaryGroup } from '../../cards/cardTypes';
import {
  attachment,
  card,
  container,
  factSet,
  heading,
  executeAction,
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

/** A section summary or the case summary: a FactSet per group, the notes, then what to do next. */
export function summaryCard(data: SummaryCardData): CardAttachment {
  const body = [
    heading(data.title),
    data.intro ? text(data.intro) : undefined,
    ...data.groups.map(group),
    ...data.notes.map((note) => text(note, { spacing: 'Small' })),
  ];
  return attachment(
    card(body, [
      ...data.buttons.map(navButton),
      remindAction(data),
      data.helpdesk ? helpdeskOfferAction(data.helpdesk) : undefined,
    ]),
  );
}
