import assert from 'node:assert/strict';
import type { SectionId } from '../../src/troubleshooting/model';
import type { Translator } from '../../src/i18n/translator';
import { allText, cardOf, submitActions, viewAs, type BotHarness, type Card } from './botHarness';
import type { TeamsConversation } from './teams';

/** The data of a card's Action.Submit with this verb (and these fields), as Teams would post it back. */
function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

/** Runs a section (every check OK) and returns its summary card and the summary's activity id. */
export async function sectionSummary(
  h: BotHarness,
  c: TeamsConversation,
  t: Translator,
  section: SectionId = 'connectivity',
): Promise<{ card: Card; id: string }> {
  let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: section } }));
  for (let i = 0; i < 20; i++) {
    // In a group chat or channel a posted card is read-only until its owner refreshes it.
    const posted = turn.sent.filter((a) => Array.isArray(a.attachments));
    for (const activity of posted) {
      const seen = await viewAs(h, c, cardOf(activity));
      if (allText(seen).includes(t.t('helpdesk.offer.send'))) return { card: seen, id: String(activity.id) };
    }
    const card = await viewAs(h, c, cardOf(posted.at(-1)));
    turn = await h.send(c.submit(submitWith(card, 'answer', { ans: 'ok' })));
  }
  assert.fail(`no summary offering "Send to helpdesk" after ${section}`);
}

/** "Send to helpdesk" on a summary card, with a description typed. */
export const sendValue = (
  summary: Card,
  description = 'Nobody can reset passwords',
): Record<string, unknown> => ({
  ...submitWith(summary, 'escalate'),
  hdDescription: description,
});

/** The texts the bot posted into one conversation so far. */
export function textsIn(h: BotHarness, conversationId: string): string[] {
  return h.connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId === conversationId)
    .map((c) => (typeof c.activity.text === 'string' ? c.activity.text : ''));
}
