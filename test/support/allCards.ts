import type { CheckId } from '../../src/troubleshooting/model';
import type { CardAttachment } from '../../src/cards/cardTypes';
import { answeredCard } from '../../src/cards/answeredCard';
import { eventCard } from '../../src/troubleshooting/cards/eventCard';
import { reminderCard, reminderListCard } from '../../src/reminders/reminderCards';
import { stepCard } from '../../src/troubleshooting/cards/stepCard';
import { summaryCard } from '../../src/troubleshooting/cards/summaryCard';
import { welcomeCard } from '../../src/troubleshooting/cards/welcomeCard';
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
} from '../../src/troubleshooting/cards/views';
import { reminderCardData, reminderListCardData } from '../../src/reminders/reminderViews';
import { findCheck, nextSection, SECTIONS } from '../../src/troubleshooting/catalogue';
import type { AutoCheck } from '../../src/tenantChecks/autoChecks';
import { EVENTS } from '../../src/troubleshooting/events';
import type { Translator } from '../../src/i18n/translator';
import { helpdeskCards } from './helpdeskSamples';
import { renderDiagnosisCard } from '../../src/paste/diagnosisCard';
import { readPaste, type Diagnosis } from '../../src/paste/readers';
import { consoleSession, SESSION_HEALTHY, SESSION_PROBLEMS, transcript51 } from '../paste/readers/sessions';
import { collectorCommand } from '../../src/troubleshooting/collector';
import { summaryRefreshAction } from '../../src/troubleshooting/actions';

const TOKEN = '00000000-0000-4000-8000-000000000000';
const URL = 'https://login.microsoftonline.com/t/adminconsent?client_id=c';

/** One automatic check card per evidence line the bot can show (keys from src/tenantChecks/autoChecks.ts). */
const SAMPLE_AUTO_CHECKS: Record<string, AutoCheck> = {
  'licensing found': {
    verdict: 'pass',
    lines: [{ key: 'autoCheck.licences.found', values: { skus: 'AAD_PREMIUM (P1, 5)' } }],
  },
  'licensing none': { verdict: 'fail', lines: [{ key: 'autoCheck.licences.none' }] },
  'licensedAccounts admin': {
    verdict: 'unknown',
    lines: [
      { key: 'autoCheck.admin.licensed', values: { upn: 'alex@contoso.com' } },
      { key: 'autoCheck.admin.unlicensed', values: { upn: 'alex@contoso.com' } },
      { key: 'autoCheck.manual.testUser' },
    ],
  },
  'cloudAdmin roles': {
    verdict: 'fail',
    lines: [
      { key: 'autoCheck.admin.cloud', values: { upn: 'alex@contoso.com' } },
      { key: 'autoCheck.admin.synced', values: { upn: 'alex@contoso.com' } },
      { key: 'autoCheck.roles.list', values: { roles: 'Global Administrator' } },
      { key: 'autoCheck.roles.none' },
    ],
  },
  'ssprEnabled manual': { verdict: 'unknown', lines: [{ key: 'autoCheck.manual.ssprToggle' }] },
  'fullSync sync': {
    verdict: 'fail',
    lines: [
      { key: 'autoCheck.sync.recent', values: { count: 12 }, timeIso: '2026-11-23T09:48:00Z' },
      { key: 'autoCheck.sync.stale', values: { count: 180 }, timeIso: '2026-11-23T07:00:00Z' },
      { key: 'autoCheck.sync.never' },
      { key: 'autoCheck.sync.off' },
      { key: 'autoCheck.manual.fullVsDelta' },
    ],
  },
  'eventLog failures': {
    verdict: 'fail',
    lines: [
      { key: 'autoCheck.failures.none' },
      {
        key: 'autoCheck.failures.some',
        values: { count: 1, reason: 'OnPremisesPolicyViolation' },
        timeIso: '2026-11-22T10:00:00Z',
      },
      {
        key: 'autoCheck.failures.some',
        values: { count: 3, reason: 'OnPremisesPolicyViolation' },
        timeIso: '2026-11-22T10:00:00Z',
      },
    ],
  },
  'licensing unavailable': {
    verdict: 'unknown',
    lines: [
      'forbidden',
      'notConsented',
      'unauthorized',
      'throttled',
      'timeout',
      'network',
      'notFound',
      'failed',
    ].map((reason) => ({
      key: `autoCheck.unavailable.${reason}`,
      values: { permission: 'Organization.Read.All', url: URL, count: 30 },
    })),
  },
};
const AT = new Date('2026-11-23T09:30:00Z');
const COLLECTOR_URL = 'https://writeback-bot.example.com/diagnostics/Get-WritebackDiagnostics.ps1';

function diagnosisOf(text: string): Diagnosis {
  const reading = readPaste(text);
  if (reading?.kind !== 'diagnosis') throw new Error('not a session');
  return reading.diagnosis;
}

/** The diagnosis card: problems, all fine, a transcript, and the largest one the bot can send (cut, 40 unread). */
function diagnosisCards(t: Translator): Array<[string, CardAttachment]> {
  const many: Array<[string, string]> = Array.from({ length: 40 }, (_, i) => [
    `Get-Service ${'ADSync'.repeat(30)}${i}`,
    `Status   Name\n------   ----\nRunning  ADSync${i}`,
  ]);
  const repeated = consoleSession([...SESSION_PROBLEMS, ...SESSION_PROBLEMS, ...SESSION_HEALTHY, ...many]);
  const worst = `${repeated}\n${'x'.repeat(30_000)}\n${consoleSession(many.slice(0, 10))}`;
  return [
    [
      'diagnosis problems',
      renderDiagnosisCard(diagnosisOf(consoleSession(SESSION_PROBLEMS)), t, {
        startSection: 'connectivity',
        note: t.t('diagnosis.recorded', { count: 3 }),
      }),
    ],
    [
      'diagnosis healthy',
      renderDiagnosisCard(diagnosisOf(consoleSession(SESSION_HEALTHY)), t, {
        note: t.t('diagnosis.recordedRunning', { count: 1 }),
      }),
    ],
    ['diagnosis transcript', renderDiagnosisCard(diagnosisOf(transcript51(SESSION_PROBLEMS)), t)],
    [
      'diagnosis largest',
      renderDiagnosisCard(diagnosisOf(worst), t, {
        startSection: 'configuration',
        note: t.t('diagnosis.recorded', { count: 6 }),
      }),
    ],
  ];
}

/** Every card the bot can send, rendered in one language, with a stable name per card. */
export function renderAllCards(t: Translator): Array<[string, CardAttachment]> {
  const cards: Array<[string, CardAttachment]> = [];
  const answers: Record<string, { answer: 'ok' | 'notOk' | 'skip'; at: string; detail?: string }> = {};
  const cycle = ['ok', 'notOk', 'skip'] as const;
  cards.push(['welcome', welcomeCard(welcomeCardData(t))]);
  cards.push([
    'help in a section',
    welcomeCard(
      welcomeCardData(t, { help: true, inSection: t.t('welcome.inSection', { section: 'x', n: 2, m: 4 }) }),
    ),
  ]);
  for (const section of SECTIONS) {
    section.checks.forEach((check, index) => {
      const position = { n: index + 1, m: section.checks.length };
      cards.push([`check ${check.id}`, stepCard(checkCardData(check, t, position, TOKEN))]);
      cards.push([`fix ${check.id}`, stepCard(fixCardData(check, t, position, TOKEN))]);
      const answer = cycle[index % 3];
      answers[check.id] = { answer, at: AT.toISOString() };
      cards.push([
        `answered ${check.id}`,
        answeredCard(answeredCardData(check, t, answer, AT, { timeZone: 'Europe/Riga' })),
      ]);
      cards.push([`replaced ${check.id}`, answeredCard(replacedCardData(check, t))]);
    });
    const book: AnswerBook = answers;
    cards.push([
      `summary ${section.id}`,
      summaryCard(sectionSummaryData(section.id, book, t, nextSection(section.id), TOKEN)),
    ]);
  }
  cards.push(['case summary', summaryCard(caseSummaryData(answers, [33004, 6329], t, TOKEN))]);
  const allOk = Object.fromEntries(
    Object.keys(answers).map((id) => [id, { answer: 'ok' as const, at: AT.toISOString() }]),
  );
  cards.push([
    'summary all ok',
    summaryCard(sectionSummaryData('configuration', allOk, t, 'connectivity', TOKEN)),
  ]);
  // A group chat's posted summary: read-only, with the owner's refresh (src/troubleshooting/handlers/summaryView.ts).
  cards.push([
    'summary read-only',
    summaryCard(sectionSummaryData('configuration', allOk, t, 'connectivity', TOKEN), {
      refresh: {
        title: t.t('universal.refresh'),
        data: summaryRefreshAction.build({ scope: 'configuration', token: TOKEN }),
        userIds: ['29:owner'],
      },
      readOnly: t.t('universal.readOnlySummary'),
    }),
  ]);
  for (const [name, auto] of Object.entries(SAMPLE_AUTO_CHECKS)) {
    const check = findCheck(name.split(' ')[0] as CheckId)!;
    const data = checkCardData(check, t, { n: 1, m: 8 }, TOKEN, { auto, timeZone: 'Asia/Shanghai' });
    cards.push([`auto ${name}`, stepCard(data)]);
  }
  cards.push(['reminder', reminderCard(reminderCardData('r-1', t))]);
  const due = [
    { id: 'r-1', dueAt: AT.getTime() },
    { id: 'r-2', dueAt: AT.getTime() + 3_600_000 },
  ];
  cards.push(['reminder list', reminderListCard(reminderListCardData(due, t, 'Europe/Vilnius'))]);
  for (const id of EVENTS.keys()) cards.push([`event ${id}`, eventCard(eventCardData(id, t))]);
  cards.push(['event unknown', eventCard(eventCardData(99999, t))]);
  cards.push(...helpdeskCards(t));
  cards.push(...diagnosisCards(t));
  cards.push([
    'welcome with the collector',
    welcomeCard(welcomeCardData(t, { collector: collectorCommand(COLLECTOR_URL) })),
  ]);
  const version = findCheck('connectVersion')!;
  cards.push([
    'check connectVersion with the collector',
    stepCard(
      checkCardData(version, t, { n: 1, m: 4 }, TOKEN, { collector: collectorCommand(COLLECTOR_URL) }),
    ),
  ]);
  return cards;
}
