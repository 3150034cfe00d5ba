import { Localizer } from '../../src/i18n/translator';
import { cardOf, submitActions, type Card } from '../support/botHarness';
import type { FakeConnector } from '../support/fakeConnector';

export const en = new Localizer().for('en');

/** What the bot posted (not updated) into one conversation, in order. */
export function postedTo(connector: FakeConnector, conversationId: string): Array<Record<string, unknown>> {
  return connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId === conversationId)
    .map((c) => c.activity);
}

const cardOrUndefined = (activity: Record<string, unknown>): Card | undefined =>
  Array.isArray(activity.attachments) ? cardOf(activity) : undefined;

export function welcomeCards(sent: Array<Record<string, unknown>>): number {
  return sent.filter((a) => cardOrUndefined(a)?.body[0]?.text === en.t('welcome.title')).length;
}

/** Step cards whose title is the given check's. */
export function stepCards(sent: Array<Record<string, unknown>>, checkId: string): Card[] {
  return sent
    .map(cardOrUndefined)
    .filter((c): c is Card => c?.body[1]?.text === en.t(`checks.${checkId}.title`));
}

export function notes(sent: Array<Record<string, unknown>>, key: string): number {
  return sent.filter((a) => a.text === en.t(key)).length;
}

export function okAction(card: Card): Record<string, unknown> {
  const ok = submitActions(card).find((x) => (x.data.wb as Record<string, unknown>).ans === 'ok');
  if (!ok) throw new Error('no OK button on the card');
  return ok.data;
}

export async function post(baseUrl: string, activity: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  return response.status;
}
