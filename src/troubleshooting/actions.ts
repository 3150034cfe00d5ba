/** The troubleshooting cards' actions: answering a check, the fix card, typed inputs, navigation, language. */
import { z } from 'zod';
import { actionKind, cardToken } from '../cards/actionCodec';
import { ANSWERS, CHECK_IDS, SECTION_IDS, SUMMARY_SCOPES } from './model';

const check = z.enum(CHECK_IDS);

/** What the fix card after "Not OK" offers. */
export const FIX_CHOICES = ['retry', 'moveOn'] as const;

export const answerAction = actionKind('answer', {
  check: ['c', check],
  answer: ['ans', z.enum(ANSWERS)],
  token: ['t', cardToken],
});

export const fixAction = actionKind('fix', {
  check: ['c', check],
  choice: ['ans', z.enum(FIX_CHOICES)],
  token: ['t', cardToken],
});

/** The Connect version typed on its check card (the value comes in the `connectVersion` input). */
export const versionAction = actionKind('version', { check: ['c', check], token: ['t', cardToken] });

/** An event ID typed on the event log check card, or on its own (the value comes in the `eventId` input). */
export const eventAction = actionKind('event', {
  check: ['c', check.optional()],
  token: ['t', cardToken.optional()],
});

/** A step card's refresh (Universal Actions user-specific view): which card, so a stale one is told apart. */
export const refreshAction = actionKind('refresh', { check: ['c', check], token: ['t', cardToken] });

/** A summary card's refresh (the same user-specific view): which summary, so a stale one is told apart. */
export const summaryRefreshAction = actionKind('summaryRefresh', {
  scope: ['s', z.enum(SUMMARY_SCOPES)],
  token: ['t', cardToken],
});

export const startAction = actionKind('start', { section: ['s', z.enum(SECTION_IDS)] });
export const runAllAction = actionKind('runAll', {});
export const menuAction = actionKind('menu', {});

/** The language picked on the welcome card (the value comes in the `language` input). */
export const languageAction = actionKind('language', {});

export const TROUBLESHOOTING_ACTIONS = [
  answerAction,
  fixAction,
  versionAction,
  eventAction,
  startAction,
  runAllAction,
  menuAction,
  languageAction,
  refreshAction,
  summaryRefreshAction,
] as const;

/** The inputs troubleshooting cards carry, by id (Teams merges them into the action's value). */
export const TROUBLESHOOTING_INPUTS = {
  connectVersion: z.string().max(100),
  eventId: z.string().max(100),
  language: z.string().max(20),
} as const;
