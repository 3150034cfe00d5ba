import { SECTIONS } from './catalogue';
import { parseEventId } from './events';
import type { Catalogue, ReminderChoice, SectionId } from './model';
import { keywords, languageCodeAfter, normalize } from '../i18n/keywords';
import type { Translator } from '../i18n/translator';

/** What a typed message asks for. Keywords come from the locale files; English always works too. */
export type Command =
  | { kind: 'help' }
  | { kind: 'menu' }
  | { kind: 'cancel' }
  | { kind: 'restart' }
  | { kind: 'greeting' }
  | { kind: 'runAll' }
  | { kind: 'start'; section: SectionId }
  | { kind: 'language'; code: string }
  | { kind: 'event'; id: number }
  | { kind: 'reminders' }
  | { kind: 'remind'; choice: ReminderChoice; token: string }
  | { kind: 'reminderAction'; action: 'done' | 'snooze' | 'stop' | 'cancel'; id: string };

const SIMPLE = ['help', 'menu', 'cancel', 'restart', 'greeting', 'runAll', 'reminders'] as const;

/** Section keywords stand under `commands.<sectionId>` in the locale files, for each section of the catalogue. */
export function parseCommand(
  text: string,
  local: Translator,
  english: Translator,
  catalogue: Catalogue = SECTIONS,
): Command | undefined {
  const said = normalize(text);
  if (!said) return undefined;

  const eventId = parseEventId(said, keywords('commands.event', local, english));
  if (eventId !== undefined) return { kind: 'event', id: eventId };

  const code = languageCodeAfter(said, keywords('commands.language', local, english));
  if (code) return { kind: 'language', code };

  for (const kind of SIMPLE) {
    const key = kind === 'greeting' ? 'greetings' : kind;
    if (keywords(`commands.${key}`, local, english).includes(said)) return { kind };
  }
  for (const { id } of catalogue) {
    if (keywords(`commands.${id}`, local, english).includes(said)) return { kind: 'start', section: id };
  }
  return undefined;
}
