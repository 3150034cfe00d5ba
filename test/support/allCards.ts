import type { CardAttachment } from '../../src/cards/cardTypes';
import {
  renderAnsweredCard,
  renderEventCard,
  renderStepCard,
  renderSummaryCard,
  renderWelcomeCard,
} from '../../src/cards/render';
import {
  answeredCardData,
  caseSummaryData,
  checkCardData,
  eventCardData,
  fixCardData,
  replacedCardData,
  sectionSummaryData,
  welcomeCardData,
  type AnswerBook,
} from '../../src/cards/views';
import { nextSection, SECTIONS } from '../../src/checks/catalogue';
import { EVENTS } from '../../src/checks/events';
import type { Translator } from '../../src/i18n/translator';

const TOKEN = '00000000-0000-4000-8000-000000000000';
const AT = new Date('2026-11-23T09:30:00Z');

/** Every card the bot can send, rendered in one language, with a stable name per card. */
export function renderAllCards(t: Translator): Array<[string, CardAttachment]> {
  const cards: Array<[string, CardAttachment]> = [];
  const answers: Record<string, { answer: 'ok' | 'notOk' | 'skip'; at: string; detail?: string }> = {};
  const cycle = ['ok', 'notOk', 'skip'] as const;
  cards.push(['welcome', renderWelcomeCard(welcomeCardData(t))]);
  cards.push([
    'help in a section',
    renderWelcomeCard(
      welcomeCardData(t, { help: true, inSection: t.t('welcome.inSection', { section: 'x', n: 2, m: 4 }) }),
    ),
  ]);
  for (const section of SECTIONS) {
    section.checks.forEach((check, index) => {
      const position = { n: index + 1, m: section.checks.length };
      cards.push([`check ${check.id}`, renderStepCard(checkCardData(check, t, position, TOKEN))]);
      cards.push([`fix ${check.id}`, renderStepCard(fixCardData(check, t, position, TOKEN))]);
      const answer = cycle[index % 3];
      answers[check.id] = { answer, at: AT.toISOString() };
      cards.push([
        `answered ${check.id}`,
        renderAnsweredCard(answeredCardData(check, t, answer, AT, { timeZone: 'Europe/Riga' })),
      ]);
      cards.push([`replaced ${check.id}`, renderAnsweredCard(replacedCardData(check, t))]);
    });
    const book: AnswerBook = answers;
    cards.push([
      `summary ${section.id}`,
      renderSummaryCard(sectionSummaryData(section.id, book, t, nextSection(section.id))),
    ]);
  }
  cards.push(['case summary', renderSummaryCard(caseSummaryData(answers, [33004, 6329], t))]);
  const allOk = Object.fromEntries(
    Object.keys(answers).map((id) => [id, { answer: 'ok' as const, at: AT.toISOString() }]),
  );
  cards.push([
    'summary all ok',
    renderSummaryCard(sectionSummaryData('configuration', allOk, t, 'connectivity')),
  ]);
  for (const id of EVENTS.keys()) cards.push([`event ${id}`, renderEventCard(eventCardData(id, t))]);
  cards.push(['event unknown', renderEventCard(eventCardData(99999, t))]);
  return cards;
}
