import { getSection, sectionOf, SECTIONS } from '../catalogue';
import { lookupEvent } from '../events';
import { LearnLinks } from '../links';
import type {
  Answer,
  Catalogue,
  Check,
  CheckId,
  PerCheck,
  RecordedAnswer,
  Section,
  SectionId,
} from '../model';
import {
  answerAction,
  eventAction,
  fixAction,
  menuAction,
  startAction,
  versionAction,
  type FIX_CHOICES,
} from '../actions';
import type { AutoCheck } from '../../tenantChecks/autoChecks';
import { LANGUAGE_NAMES, SUPPORTED_LOCALES } from '../../i18n/locales';
import type { Translator } from '../../i18n/translator';
import { formatTime } from '../../cards/format';
import { helpdeskOffer } from '../../helpdesk/offerView';
import { NO_REMIND_OFFER, remindOffer } from '../../reminders/reminderViews';
import type {
  AnsweredCardData,
  EventCardData,
  NavButton,
  StepCardData,
  StepLineView,
  CollectorOffer,
  SummaryCardData,
  SummaryGroup,
  WelcomeCardData,
} from '../../cards/cardTypes';

export interface Position {
  n: number;
  m: number;
}

export type AnswerBook = Readonly<PerCheck<RecordedAnswer>>;

const sectionTitle = (t: Translator, id: SectionId): string => t.t(`sections.${id}.title`);

function lines(t: Translator, prefix: string, steps: Check['steps']): StepLineView[] {
  return steps.map((step, index) => ({
    number: index + 1,
    text: t.t(`${prefix}.${step.key}`),
    command: step.command ?? '',
  }));
}

const INPUT_KEYS = {
  connectVersion: {
    label: 'card.versionLabel',
    placeholder: 'card.versionPlaceholder',
    error: 'card.versionError',
    action: 'card.compare',
    build: versionAction,
  },
  eventId: {
    label: 'card.eventLabel',
    placeholder: 'card.eventPlaceholder',
    error: 'card.eventError',
    action: 'card.lookUp',
    build: eventAction,
  },
} as const;

type ButtonStyle = StepCardData['buttons'][number]['style'];

const answerButton = (t: Translator, check: CheckId, token: string, answer: Answer, style: ButtonStyle) => ({
  title: t.t(`card.answers.${answer}`),
  style,
  data: answerAction.build({ check, answer, token }),
});

const fixButton = (
  t: Translator,
  check: CheckId,
  token: string,
  choice: (typeof FIX_CHOICES)[number],
  style: ButtonStyle,
) => ({ title: t.t(`card.fixActions.${choice}`), style, data: fixAction.build({ check, choice, token }) });

const menuButton = (t: Translator): NavButton => ({ title: t.t('summary.menu'), data: menuAction.build({}) });

const AUTO_STYLE = { pass: 'good', fail: 'attention', unknown: 'emphasis' } as const;

function autoPart(t: Translator, auto: AutoCheck | undefined, timeZone: string | undefined) {
  if (!auto) return { autoTitle: '', autoStyle: 'emphasis' as const, autoLines: [] };
  return {
    autoTitle: t.t(`autoCheck.${auto.verdict}`),
    autoStyle: AUTO_STYLE[auto.verdict],
    autoLines: auto.lines.map((line) =>
      t.t(line.key, {
        ...line.values,
        ...(line.timeIso ? { time: formatTime(new Date(line.timeIso), t.locale, timeZone) } : {}),
      }),
    ),
  };
}

/** The collector script's offer, with the one line that runs it. */
function collectorOffer(t: Translator, command: string): CollectorOffer {
  return {
    title: t.t('collector.title'),
    hint: t.t('collector.hint'),
    command,
    clouds: t.t('collector.clouds'),
  };
}

export function checkCardData(
  check: Check,
  t: Translator,
  position: Position,
  token: string,
  options: { auto?: AutoCheck; timeZone?: string; collector?: string } = {},
): StepCardData {
  const input = check.input ? INPUT_KEYS[check.input] : undefined;
  return {
    ...(check.offersCollector && options.collector
      ? { collector: collectorOffer(t, options.collector) }
      : {}),
    progress: t.t('card.progress', { section: sectionTitle(t, check.section), ...position }),
    title: t.t(`checks.${check.id}.title`),
    why: t.t(`checks.${check.id}.why`),
    ...autoPart(t, options.auto, options.timeZone),
    ...(check.offersReminder ? remindOffer(t, token) : NO_REMIND_OFFER),
    earlierTitle: check.hasEarlierNote ? t.t('card.earlier') : '',
    earlier: check.hasEarlierNote ? t.t(`checks.${check.id}.earlier`) : '',
    stepsTitle: t.t('card.howToCheck'),
    steps: lines(t, `checks.${check.id}.steps`, check.steps),
    footer: '',
    input: check.input ?? '',
    inputLabel: input ? t.t(input.label) : '',
    inputPlaceholder: input ? t.t(input.placeholder) : '',
    inputError: input ? t.t(input.error) : '',
    inputAction: input ? t.t(input.action) : '',
    ...(input ? { inputData: input.build.build({ check: check.id, token }) } : {}),
    buttons: [
      answerButton(t, check.id, token, 'ok', 'positive'),
      answerButton(t, check.id, token, 'notOk', 'destructive'),
      answerButton(t, check.id, token, 'skip', 'default'),
    ],
    checkId: check.id,
    token,
    learnMore: t.t('card.learnMore'),
    learnUrl: check.learnUrl,
  };
}

export function fixCardData(check: Check, t: Translator, position: Position, token: string): StepCardData {
  const title = t.t(`checks.${check.id}.title`);
  return {
    ...checkCardData(check, t, position, token),
    progress: t.t('card.fixProgress', { section: sectionTitle(t, check.section), ...position }),
    title: t.t('card.fixTitle', { check: title }),
    why: '',
    ...autoPart(t, undefined, undefined),
    ...(check.offersReminder ? remindOffer(t, token) : NO_REMIND_OFFER),
    earlierTitle: '',
    earlier: '',
    stepsTitle: '',
    steps: lines(t, `checks.${check.id}.fix.steps`, check.fixSteps),
    footer: t.t('card.fixAfter'),
    input: '',
    inputData: undefined,
    buttons: [
      fixButton(t, check.id, token, 'retry', 'positive'),
      fixButton(t, check.id, token, 'moveOn', 'default'),
    ],
  };
}

export const statusText = (t: Translator, answer: Answer | undefined): string =>
  t.t(`card.status.${answer ?? 'pending'}`);

export function answeredCardData(
  check: Check,
  t: Translator,
  answer: Answer,
  at: Date,
  options: { detail?: string; timeZone?: string } = {},
): AnsweredCardData {
  const values = {
    check: t.t(`checks.${check.id}.title`),
    status: statusText(t, answer),
    time: formatTime(at, t.locale, options.timeZone),
  };
  return options.detail
    ? { line: t.t('card.answeredWithDetail', { ...values, detail: options.detail }) }
    : { line: t.t('card.answered', values) };
}

export function replacedCardData(check: Check, t: Translator): AnsweredCardData {
  return { line: t.t('card.replaced', { check: t.t(`checks.${check.id}.title`) }) };
}

function groupFor(section: Section, answers: AnswerBook, t: Translator, heading: string): SummaryGroup {
  return {
    heading,
    facts: section.checks.map((check) => {
      const recorded = answers[check.id];
      // Evidence in parentheses: the version typed, or what pasted output showed (marked as such).
      const detail = [recorded?.detail, recorded?.from === 'paste' ? t.t('paste.fromPaste') : undefined]
        .filter(Boolean)
        .join(' · ');
      const title = t.t(`checks.${check.id}.title`);
      return { status: statusText(t, recorded?.answer), check: detail ? `${title} (${detail})` : title };
    }),
  };
}

function countNotes(sections: readonly Section[], answers: AnswerBook, t: Translator): string[] {
  const checks = sections.flatMap((s) => s.checks);
  const notOk = checks.filter((c) => answers[c.id]?.answer === 'notOk').length;
  const skipped = checks.filter((c) => answers[c.id]?.answer === 'skip').length;
  const notes: string[] = [];
  if (notOk > 0) notes.push(t.t('summary.someNotOk', { count: notOk }));
  if (skipped > 0) notes.push(t.t('summary.someSkipped', { count: skipped }));
  if (notOk === 0 && skipped === 0) notes.push(t.t('summary.allOk'));
  return notes;
}

/**
 * A section's summary. `token` is the summary card's own: its "Remind me later" choices and its "Send to
 * helpdesk" carry it back.
 */
export function sectionSummaryData(
  sectionId: SectionId,
  answers: AnswerBook,
  t: Translator,
  next: SectionId | undefined,
  token: string,
  catalogue: Catalogue = SECTIONS,
): SummaryCardData {
  const section = getSection(sectionId, catalogue);
  const buttons: NavButton[] = [];
  if (next)
    buttons.push({
      title: t.t('summary.next', { section: sectionTitle(t, next) }),
      data: startAction.build({ section: next }),
    });
  buttons.push({ title: t.t('summary.runAgain'), data: startAction.build({ section: sectionId }) });
  buttons.push(menuButton(t));
  return {
    title: t.t('summary.title', { section: sectionTitle(t, sectionId) }),
    intro: '',
    // A section whose long-running check is not done yet offers to come back to it later.
    ...(section.checks.some((c) => c.offersReminder && answers[c.id]?.answer !== 'ok')
      ? remindOffer(t, token)
      : NO_REMIND_OFFER),
    groups: [groupFor(section, answers, t, '')],
    notes: countNotes([section], answers, t),
    buttons,
    helpdesk: helpdeskOffer(t, sectionId, token),
  };
}

/**
 * The case summary that ends a section whose `summary` is `case` ("Still not working"): every section of the
 * catalogue, and the event IDs looked up. "Run again" starts the section that ended in it. `token` is the card's
 * own, carried back by its "Send to helpdesk".
 */
export function caseSummaryData(
  answers: AnswerBook,
  eventIds: readonly number[],
  t: Translator,
  token: string,
  catalogue: Catalogue = SECTIONS,
  ending: SectionId | undefined = catalogue.find((s) => s.summary === 'case')?.id,
): SummaryCardData {
  const notes = countNotes(catalogue, answers, t);
  if (eventIds.length > 0) notes.push(`${t.t('summary.eventsLooked')}: ${eventIds.join(', ')}`);
  return {
    ...NO_REMIND_OFFER,
    title: t.t('summary.caseTitle'),
    intro: t.t('summary.caseIntro'),
    groups: catalogue.map((s) => groupFor(s, answers, t, sectionTitle(t, s.id))),
    notes,
    buttons: [
      ...(ending ? [{ title: t.t('summary.runAgain'), data: startAction.build({ section: ending }) }] : []),
      menuButton(t),
    ],
    helpdesk: helpdeskOffer(t, 'case', token),
  };
}

export function welcomeCardData(
  t: Translator,
  options: { help?: boolean; inSection?: string; collector?: string } = {},
): WelcomeCardData {
  return {
    ...(options.collector ? { collector: collectorOffer(t, options.collector) } : {}),
    title: options.help ? t.t('welcome.helpTitle') : t.t('welcome.title'),
    intro: t.t('welcome.intro'),
    inSection: options.inSection ?? '',
    sections: SECTIONS.map((s) => ({
      id: s.id,
      title: sectionTitle(t, s.id),
      description: t.t(`sections.${s.id}.description`),
    })),
    choose: t.t('welcome.choose'),
    hint: t.t('welcome.hint'),
    runAll: t.t('welcome.runAll'),
    language: t.t('welcome.language'),
    languageLabel: t.t('welcome.languageLabel'),
    languageApply: t.t('welcome.languageApply'),
    currentLanguage: t.locale,
    languages: SUPPORTED_LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
  };
}

export function eventCardData(id: number, t: Translator): EventCardData {
  const event = lookupEvent(id);
  if (!event) {
    return {
      title: t.t('events.title', { id, source: '?' }),
      meaningTitle: '',
      meaning: '',
      actionTitle: '',
      action: '',
      unknown: t.t('events.unknown', { id }),
      buttons: [],
      learnMore: t.t('card.learnMore'),
      learnUrl: LearnLinks.troubleshootWriteback,
    };
  }
  return {
    title: t.t('events.title', { id, source: event.source }),
    meaningTitle: t.t('events.meaning'),
    meaning: t.t(`events.${event.key}.meaning`),
    actionTitle: t.t('events.action'),
    action: t.t(`events.${event.key}.action`),
    unknown: '',
    buttons: event.reenableFixes
      ? [
          {
            title: t.t('events.reenable'),
            data: startAction.build({ section: sectionOf('reenableWriteback') }),
          },
        ]
      : [],
    learnMore: t.t('card.learnMore'),
    learnUrl: LearnLinks.troubleshootWriteback,
  };
}
