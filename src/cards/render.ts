/**
 * One typed builder per card kind (see the files named after each card); these names are what the dialogs
 * and the proactive wiring call.
 */
export { answeredCard as renderAnsweredCard } from './answeredCard';
export { eventCard as renderEventCard } from './eventCard';
export {
  reminderCard as renderReminderCard,
  reminderListCard as renderReminderListCard,
} from './reminderCards';
export { stepCard as renderStepCard } from './stepCard';
export { summaryCard as renderSummaryCard } from './summaryCard';
export { welcomeCard as renderWelcomeCard } from './welcomeCard';
