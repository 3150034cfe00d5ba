/**
 * Summary cards' user-specific views (Universal Actions) over HTTP, as Teams sends them: in a group chat
 * the posted summary is read-only (its facts, no buttons) with a `refresh` naming the section's owner; the
 * owner's refresh gets the live card a personal chat shows, a colleague's the read-only card; a refresh of
 * a summary that is no longer current (a newer one of its section, or what it shows changed) gets a note
 * and writes nothing; in a personal chat nothing changed (no refresh).
 */
import assert from 'node:assert/strict';
import { WatchedStorage } from '../support/watchedStorage';
import { allText, BotHarness, cardOf, viewAs, type Card } from '../support/botHarness';
import { cardActions, headingOf } from '../support/cardClicks';
import { newUser, type TeamsConversation } from '../support/teams';
import { cardProblems } from '../support/validateCard';
import { Localizer } from '../../src/i18n/translator';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import type { SectionId } from '../../src/troubleshooting/model';

const en = new Localizer().for('en');
const INVOKE_CARD = 'application/vnd.microsoft.card.adaptive';

type Json = Record<string, unknown>;

interface Posted {
  card: Card;
  id: string;
}

const summaryTitle = (id: SectionId): string =>
  SECTIONS.find((s) => s.id === id)?.summary === 'case'
    ? en.t('summary.caseTitle')
    : en.t('summary.title', { section: en.t(`sections.${id}.title`) });

/** The buttons of a card (ShowCards opened, fallbacks included), not its refresh. */
const buttons = (card: Card) => cardActions(card).filter((a) => !a.refresh);
const refreshSpec = (card: Card) =>
  card.refresh as { action: { verb: string; data: Json }; userIds: string[] };
const factCount = (card: Card): number =>
  (JSON.stringify(card.body).match(/"title":"[^"]*","value"/g) ?? []).length;

describe('summary cards: user-specific views (Universal Actions)', () => {
  let h: BotHarness;
  let storage: WatchedStorage;
  const owner = newUser('Olivia');
  const colleague = newUser('Colin');
  let chat: TeamsConversation;
  let theirs: TeamsConversation;

  beforeEach(async () => {
    storage = new WatchedStorage();
    h = await new BotHarness({ storage }).start();
    chat = h.conversation({ user: owner, conversationType: 'groupChat' });
    theirs = h.conversation({
      user: colleague,
      conversationType: 'groupChat',
      conversationId: chat.conversationId,
    });
  });
  afterEach(async () => h.stop());

  /** Starts a section and answers OK on each check card as its owner sees it, up to the summary as posted. */
  async function runSection(c: TeamsConversation, section: SectionId): Promise<Posted> {
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: section } }));
    for (let i = 0; i < 20; i++) {
      const activity = turn.sent.filter((a) => Array.isArray(a.attachments)).at(-1);
      const posted = cardOf(activity);
      if (headingOf(posted) === summaryTitle(section)) return { card: posted, id: String(activity?.id) };
      const ok = cardActions(await viewAs(h, c, posted)).find((a) => a.key === 'answer:ok' && !a.fallback);
      assert.ok(ok?.verb && ok.data, `an OK on ${headingOf(posted)}`);
      turn = await h.send(c.execute(ok.verb, ok.data, String(activity?.id)));
    }
    assert.fail(`no summary after ${section}`);
  }

  /** The card a user's Teams client gets when it refreshes a card (trigger `automatic`). */
  async function refreshed(c: TeamsConversation, posted: Posted): Promise<Card> {
    const { verb, data } = refreshSpec(posted.card).action;
    const before = h.connector.calls.length;
    const response = await h.postRaw(JSON.stringify(c.execute(verb, data, posted.id, 'automatic')));
    const body = (await response.json()) as { statusCode?: number; type?: string; value?: Card };
    assert.equal(response.status, 200);
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, INVOKE_CARD);
    assert.equal(h.connector.calls.length, before, 'a refresh posts and updates nothing');
    assert.ok(body.value);
    assert.deepEqual(cardProblems(body.value), []);
    return body.value;
  }

  function assertReadOnly(card: Card, section: SectionId): void {
    assert.equal(headingOf(card), summaryTitle(section));
    assert.deepEqual(buttons(card), [], 'no buttons on the read-only card');
    assert.ok(allText(card).includes(en.t('universal.readOnlySummary')), 'it says whose it is');
    const checks =
      section === 'stillNotWorking'
        ? SECTIONS.flatMap((s) => s.checks)
        : SECTIONS.find((s) => s.id === section)!.checks;
    assert.equal(factCount(card), checks.length, 'the facts stay: one line per check');
    assert.deepEqual(refreshSpec(card).userIds, [owner.id], "refresh.userIds: the owner's Teams id");
  }

  const notCurrent = (card: Card): void => {
    assert.deepEqual(buttons(card), []);
    assert.equal(card.refresh, undefined);
    assert.equal(allText(card), en.t('universal.notCurrent'));
  };

  it("a group chat's summary is posted read-only with the owner's refresh; the owner's refresh gets the live card a personal chat shows", async () => {
    const posted = await runSection(chat, 'connectivity');
    assertReadOnly(posted.card, 'connectivity');
    assert.deepEqual(cardProblems(posted.card), []);
    const spec = refreshSpec(posted.card);
    assert.equal(spec.action.verb, 'summaryRefresh', 'the verb is its data’s kind');
    assert.equal((spec.action.data.wb as Json).a, 'summaryRefresh');

    const personal = await runSection(h.conversation({ user: owner }), 'connectivity');
    assert.equal(personal.card.refresh, undefined, 'no refresh in a personal chat');
    assert.ok(!allText(personal.card).includes(en.t('universal.readOnlySummary')));

    const held = storage.held();
    const writes = storage.writes;
    const live = await refreshed(chat, posted);
    assert.deepEqual(live.body, personal.card.body, 'the same facts and notes');
    const described = (card: Card) => buttons(card).map((a) => `${a.path.join(' › ')} ${a.key} ${a.type}`);
    assert.deepEqual(described(live), described(personal.card), 'the same buttons');
    assert.ok(described(live).length > 0);
    assert.deepEqual(refreshSpec(live).userIds, [owner.id], 'and it keeps refreshing');
    assert.equal(storage.writes, writes, 'a refresh writes nothing');
    assert.equal(storage.held(), held);
  });

  it("a colleague's refresh gets the read-only card", async () => {
    const posted = await runSection(chat, 'connectivity');
    const writes = storage.writes;
    const theirView = await refreshed(theirs, posted);
    assertReadOnly(theirView, 'connectivity');
    assert.deepEqual(theirView.body, posted.card.body);
    assert.equal(storage.writes, writes);
  });

  it('two refreshes at once get the same live card; forged or mismatched refresh data is a 400; a colleague cannot use the live buttons', async () => {
    const posted = await runSection(chat, 'connectivity');
    const held = storage.held();
    const writes = storage.writes;
    const [a, b] = await Promise.all([refreshed(chat, posted), refreshed(chat, posted)]);
    assert.deepEqual(a, b, 'a double refresh: the same card twice');
    assert.ok(buttons(a).length > 0);

    const { data } = refreshSpec(posted.card).action;
    const wb = data.wb as Json;
    const forged: Array<[string, Json]> = [
      ['summaryRefresh', { wb: { ...wb, s: 'everything' } }],
      ['summaryRefresh', { wb: { ...wb, t: 'x'.repeat(5000) } }],
      ['summaryRefresh', { wb: { ...wb, t: '' } }],
      ['refresh', data],
      ['summaryRefresh', { wb: { v: 1, a: 'refresh', c: 'licensing', t: wb.t } }],
    ];
    for (const [verb, forgedData] of forged) {
      const response = await h.postRaw(
        JSON.stringify(chat.execute(verb, forgedData, posted.id, 'automatic')),
      );
      const body = (await response.json()) as { statusCode?: number };
      const what = `${verb} ${JSON.stringify(forgedData).slice(0, 80)}`;
      assert.equal(response.status, 400, `${what}: refused`);
      assert.equal(body.statusCode, 400, `${what}: an invoke error`);
    }
    // A token of the right length that no summary carries (markdown here) is just not current.
    notCurrent(
      await refreshed(chat, {
        ...posted,
        card: {
          ...posted.card,
          refresh: {
            ...refreshSpec(posted.card),
            action: {
              verb: 'summaryRefresh',
              data: { wb: { ...wb, t: '**bold** [x](https://example.com)' } },
            },
          },
        },
      }),
    );
    assert.equal(storage.writes, writes, 'nothing written by refreshes or refusals');
    assert.equal(storage.held(), held);

    // The owner's "Send to helpdesk", clicked by a colleague (a forged click: their client shows no buttons).
    // Navigation buttons (start, menu) do for them what typing the command does, so they are not the test.
    const send = buttons(a).find((x) => x.key === 'escalate:connectivity');
    assert.ok(send?.data);
    // The colleague's first turn here enrols them (their profile, the installation's member list): only
    // the conversation's own state must stay as it was.
    const conversationState = () =>
      (JSON.parse(storage.held()) as Record<string, string>)[`msteams/conversations/${chat.conversationId}/`];
    const before = conversationState();
    const turn = await h.send(
      theirs.submit({ ...send.data, hdDescription: '**urgent** [x](https://example.com)' }, posted.id),
    );
    assert.equal(turn.status, 200);
    assert.deepEqual(
      turn.sent.map((activity) => activity.text),
      [en.t('helpdesk.limits.notYours')],
      'told it is not theirs, and nothing posted to a helpdesk',
    );
    assert.ok(before);
    assert.equal(conversationState(), before, "the owner's case file is unchanged: no ticket, no escalation");
  });

  it('a summary of which a newer one came since is no longer current: a note, nothing written', async () => {
    const first = await runSection(chat, 'connectivity');
    const second = await runSection(chat, 'connectivity');
    const held = storage.held();
    const writes = storage.writes;
    notCurrent(await refreshed(chat, first));
    notCurrent(await refreshed(theirs, first));
    assert.equal(storage.writes, writes, 'nothing written');
    assert.equal(storage.held(), held, 'storage unchanged');
    assert.ok(buttons(await refreshed(chat, second)).length > 0, 'the newer summary is live for its owner');
  });

  it('a summary whose section runs again is no longer current; the running section is not moved', async () => {
    const posted = await runSection(chat, 'connectivity');
    const live = await refreshed(chat, posted);
    const again = cardActions(live).find((a) => a.key === 'start:connectivity' && !a.fallback);
    assert.ok(again?.verb && again.data);
    const restarted = await h.send(chat.execute(again.verb, again.data, posted.id));
    const check = restarted.sent.at(-1)!;
    assert.equal(headingOf(cardOf(check)), en.t('checks.connectVersion.title'));
    const held = storage.held();
    notCurrent(await refreshed(chat, posted));
    assert.equal(storage.held(), held, 'storage unchanged');
    const checkLive = await viewAs(h, chat, cardOf(check));
    const ok = cardActions(checkLive).find((a) => a.key === 'answer:ok' && !a.fallback);
    assert.ok(ok?.verb && ok.data);
    const next = await h.send(chat.execute(ok.verb, ok.data, String(check.id)));
    assert.equal(
      headingOf(cardOf(next.sent.at(-1))),
      en.t('checks.firewall.title'),
      'the check still takes its answer',
    );
  });

  it('the case summary: read-only, live for its owner; once a section it shows runs again, no longer current', async () => {
    await runSection(chat, 'connectivity');
    const posted = await runSection(chat, 'stillNotWorking');
    assertReadOnly(posted.card, 'stillNotWorking');
    const live = await refreshed(chat, posted);
    assert.deepEqual([...new Set(buttons(live).map((a) => a.key))].sort(), [
      'escalate:case',
      'menu',
      'start:stillNotWorking',
    ]);
    await h.send(chat.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const held = storage.held();
    notCurrent(await refreshed(chat, posted));
    assert.equal(storage.held(), held);
  });

  it('in "Run all checks" an earlier section\'s summary stays live for its owner while the next section runs', async () => {
    let turn = await h.send(chat.submit({ wb: { v: 1, a: 'runAll' } }));
    let summary: Posted | undefined;
    for (let i = 0; i < 20; i++) {
      const cards = turn.sent.filter((a) => Array.isArray(a.attachments));
      const found = cards.find((a) => headingOf(cardOf(a)) === summaryTitle(SECTIONS[0].id));
      if (found) {
        summary = { card: cardOf(found), id: String(found.id) };
        break;
      }
      const last = cards.at(-1);
      const ok = cardActions(await viewAs(h, chat, cardOf(last))).find(
        (a) => a.key === 'answer:ok' && !a.fallback,
      );
      assert.ok(ok?.verb && ok.data);
      turn = await h.send(chat.execute(ok.verb, ok.data, String(last?.id)));
    }
    assert.notEqual(
      headingOf(cardOf(turn.sent.at(-1))),
      summaryTitle(SECTIONS[0].id),
      'the next section goes on',
    );
    assert.ok(summary, 'the first section ended in its summary');
    assertReadOnly(summary.card, SECTIONS[0].id);
    const live = await refreshed(chat, summary);
    assert.ok(
      buttons(live).some((a) => a.key === `escalate:${SECTIONS[0].id}`),
      'its owner may still send it to the helpdesk',
    );
  });
});
