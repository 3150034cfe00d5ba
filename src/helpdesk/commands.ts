/** Typed helpdesk commands, in English or the user's language (keywords under `helpdesk.commands`). */
import { keywords, languageCodeAfter, normalize } from '../i18n/keywords';
import type { Translator } from '../i18n/translator';

export type HelpdeskCommand =
  | { kind: 'here' }
  | { kind: 'off' }
  | { kind: 'language'; code: string }
  /** `before`: the page below that ticket number ("Show older"); absent: the newest. */
  | { kind: 'tickets'; before?: number }
  | { kind: 'stats' };

export function parseHelpdeskCommand(
  text: string,
  local: Translator,
  english: Translator,
): HelpdeskCommand | undefined {
  const said = normalize(text);
  if (!said) return undefined;
  const code = languageCodeAfter(said, keywords('helpdesk.commands.language', local, english));
  if (code) return { kind: 'language', code };
  for (const kind of ['here', 'off', 'tickets', 'stats'] as const) {
    if (keywords(`helpdesk.commands.${kind}`, local, english).includes(said)) return { kind };
  }
  return undefined;
}
