import * as ACData from 'adaptivecards-templating';
import answeredTemplate from './templates/answered.json';
import eventTemplate from './templates/event.json';
import reminderTemplate from './templates/reminder.json';
import reminderListTemplate from './templates/reminderList.json';
import stepTemplate from './templates/step.json';
import summaryTemplate from './templates/summary.json';
import welcomeTemplate from './templates/welcome.json';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AnsweredCardData,
  type CardAttachment,
  type EventCardData,
  type ReminderCardData,
  type ReminderListCardData,
  type StepCardData,
  type SummaryCardData,
  type WelcomeCardData,
} from './cardTypes';

function expand(template: object, data: object): CardAttachment {
  const content = new ACData.Template(template).expand({ $root: data }) as Record<string, unknown>;
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

export const renderStepCard = (data: StepCardData): CardAttachment => expand(stepTemplate, data);
export const renderAnsweredCard = (data: AnsweredCardData): CardAttachment => expand(answeredTemplate, data);
export const renderSummaryCard = (data: SummaryCardData): CardAttachment => expand(summaryTemplate, data);
export const renderWelcomeCard = (data: WelcomeCardData): CardAttachment => expand(welcomeTemplate, data);
export const renderEventCard = (data: EventCardData): CardAttachment => expand(eventTemplate, data);
export const renderReminderCard = (data: ReminderCardData): CardAttachment => expand(reminderTemplate, data);
export const renderReminderListCard = (data: ReminderListCardData): CardAttachment =>
  expand(reminderListTemplate, data);
