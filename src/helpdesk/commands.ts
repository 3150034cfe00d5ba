/** Typed helpdesk commands, in English or the user's language (keywords under `helpdesk.commands`). */
import { normalize } from '../troubleshooting/commands';
import type { Translator } from '../i18n/translator';

export type HelpdeskCommand =
  { kind: 'here' } | { kind: 'off' } | { kind: 'language'; code: string } | { kind: 'tickets' };

function keywords(key: string, local: Translator, english: Translator): string[] {
  const words = new Set([
    ...english.list(`helpdesk.commands.${key}`),
    ...local.list(`helpdesk.commands.${key}`),
  ]);
  return [...words].map(normalize).filter(Boolean);
}

export function parseHelpdeskCommand(
  text: string,
  local: Translator,
  english: Translator,
): HelpdeskCommand | undefined {
  const said = normalize(text);
  if (!said) return undefined;
  for (const word of keywords('language', local, english)) {
    const code = said.startsWith(word) ? said.slice(word.length).trim() : '';
    if (/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(code)) return { kind: 'language', code };
  }
  for (const kind of ['here', 'off', 'tickets'] as const) {
    if (keywords(kind, local, english).includes(said)) return { kind };
  }
  return undefined;
}
