/** The requester's rating card after a resolution (their language), and what they see once they sent it. */
import { ticketAction } from './actions';
import { RATING_COMMENT_MAX, type Ticket } from './ticket';
import type { Translator } from '../i18n/translator';
import {
  card,
  choiceSet,
  container,
  execute,
  heading,
  inputText,
  text,
  type AdaptiveCard,
} from '../cards/elements';

const RATING_STARS = [5, 4, 3, 2, 1] as const;

/** `resolution`: the one this card rates (the ticket's current one unless a refused card is shown again). */
export function ratingCard(
  ticket: Ticket,
  t: Translator,
  options: { note?: string; resolution?: number } = {},
): AdaptiveCard {
  const resolution = options.resolution ?? ticket.resolutions ?? 0;
  return card(
    [
      heading(t.t('helpdesk.rating.title', { number: ticket.number })),
      options.note
        ? container([text(options.note, { weight: 'Bolder' })], { style: 'attention' })
        : undefined,
      text(t.t('helpdesk.rating.body')),
      choiceSet(
        'hdRating',
        t.t('helpdesk.rating.label'),
        RATING_STARS.map((stars) => ({ title: t.t(`helpdesk.rating.stars.${stars}`), value: String(stars) })),
        { style: 'expanded', isRequired: true, errorMessage: t.t('helpdesk.rating.required') },
      ),
      inputText('hdComment', t.t('helpdesk.rating.commentLabel'), {
        isMultiline: true,
        maxLength: RATING_COMMENT_MAX,
        placeholder: t.t('helpdesk.rating.commentPlaceholder'),
      }),
    ],
    [
      execute(
        t.t('helpdesk.rating.send'),
        'rate',
        ticketAction.build({ verb: 'rate', ticket: ticket.number, resolution }),
        { style: 'positive', associatedInputs: 'auto' },
      ),
    ],
  );
}

/** The card the rating card turns into: thanks, or why nothing was recorded. */
export const ratingNoteCard = (note: string): AdaptiveCard => card([text(note)]);

/** "★★★★☆ 4/5" as the ticket card, the thread line and the lists show a rating. */
export const starsText = (stars: number): string => `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} ${stars}/5`;
