/**
 * Universal Actions over HTTP, as Teams sends them: an Action.Execute click is an `adaptiveCard/action`
 * invoke answered with the clicked card's new form (no PUT through the connector), the next card is the
 * one POST; an older client's Action.Submit still works with its PUT; in group chats and channels the
 * posted step card is read-only and its `refresh` names the section's owner, whose refresh gets the
 * buttons; a colleague's refresh or click, a stale refresh, a double click and bad data change nothing.
 */
import assert from 'node:assert/strict';
import { WatchedStorage } from '../support/watchedStorage';
import { BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { newUser, type TeamsConversation } from '../support/teams';
import { Localizer } from '../../src/i18n/translator';

const en = new Localizer().for('en');
const INVOKE_CARD = 'application/vnd.microsoft.card.adaptive';
const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';

type Json = Record<string, unknown>;

interface Invoked {
  status: number;
  body: { statusCode?: number; type?: string; value?: unknown };
  posted: Json[];
  puts: number;
}

/** The Action.Execute buttons of a card (action bar and ActionSets), with their verb and data. */
function executes(card: Card): Array<{ title: string; verb: string; data: Json }> {
  const found: Array<{ title: string; verb: string; data: Json }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Json;
    if (record.type === 'Action.Execute' && record !== (card.refresh as Json | undefined)?.action)
      found.push({ title: String(record.title), verb: String(record.verb), data: record.data as Json });
    for (const [key, value] of Object.entries(record)) if (key !== 'refresh') visit(value);
  };
  visit(card);
  return found;
}

const answerButton = (card: Card, answer: string) => {
  const button = executes(card).find((b) => (b.data.wb as Json).ans === answer);
  if (!button) throw new Error(`no ${answer} Action.Execute on the card`);
  return button;
};

const heading = (card: Card): string => String(card.body[1]?.text ?? card.body[0]?.text);
const title = (check: string): string => en.t(`checks.${check}.title`);

describe('Universal Actions: Action.Execute answered in the invoke, user-specific views', () => {
  let h: BotHarness;
  let storage: WatchedStorage;
  beforeEach(async () => {
    storage = new WatchedStorage();
    h = await new BotHarness({ storage }).start();
  });
  afterEach(async () => h.stop());

  async function invoke(c: TeamsConversation, activity: Json): Promise<Invoked> {
    const before = h.connector.calls.length;
    const response = await h.postRaw(JSON.stringify(activity));
    const text = await response.text();
    const calls = h.connector.calls.slice(before).filter((x) => x.conversationId === c.conversationId);
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Invoked['body']) : {},
      posted: calls.filter((x) => x.method === 'POST').map((x) => ({ ...x.activity, id: x.assignedId })),
      puts: calls.filter((x) => x.method === 'PUT').length,
    };
  }

  const click = (c: TeamsConversation, button: { verb: string; data: Json }, replyToId?: string) =>
    invoke(c, c.execute(button.verb, button.data, replyToId));

  async function startConnectivity(c: TeamsConversation): Promise<{ card: Card; id: string }> {
    const turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const activity = turn.sent.at(-1)!;
    return { card: cardOf(activity), id: String(activity.id) };
  }

  describe('in a personal chat', () => {
    it('a click is answered with the answered card in the invoke, no PUT, and the next card is one POST', async () => {
      const c = h.conversation();
      const first = await startConnectivity(c);
      assert.equal(heading(first.card), title('connectVersion'));
      assert.equal(first.card.refresh, undefined, 'no refresh in a personal chat');
      const ok = answerButton(first.card, 'ok');
      assert.equal(ok.verb, 'answer', 'the verb is the action kind of the codec');

      const answered = await click(c, ok, first.id);
      assert.equal(answered.status, 200);
      assert.equal(answered.body.statusCode, 200);
      assert.equal(answered.body.type, INVOKE_CARD);
      const inPlace = answered.body.value as Card;
      assert.equal(inPlace.actions, undefined, 'the answered card has no buttons');
      assert.match(
        String(inPlace.body[0].text),
        new RegExp(`^${title('connectVersion')}: ${en.t('card.status.ok')}`),
      );
      assert.equal(answered.puts, 0, 'no update through the connector');
      assert.equal(answered.posted.length, 1, 'one POST: the next card');
      assert.equal(heading(cardOf(answered.posted[0])), title('firewall'));
    });

    it('an older client’s Action.Submit fallback still works, with its PUT', async () => {
      const c = h.conversation();
      const first = await startConnectivity(c);
      const fallback = submitActions(first.card).find((a) => (a.data.wb as Json).ans === 'ok');
      assert.ok(fallback, 'the OK button has an Action.Submit fallback');
      const turn = await h.send(c.submit(fallback.data, first.id));
      assert.equal(turn.updates.length, 1, 'the answered card is updated in place');
      assert.equal(turn.updates[0].id, first.id);
      assert.equal(heading(cardOf(turn.sent.at(-1))), title('firewall'));
    });

    it('a stale Execute click gets a message in the invoke answer and changes nothing', async () => {
      const c = h.conversation();
      const first = await startConnectivity(c);
      const ok = answerButton(first.card, 'ok');
      await click(c, ok, first.id);
      const again = await click(c, ok, first.id);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { statusCode: 200, type: INVOKE_MESSAGE, value: en.t('notes.stale') });
      assert.equal(again.posted.length + again.puts, 0, 'nothing sent');
    });

    it('a double click (two identical invokes at once) has one effect', async () => {
      const c = h.conversation();
      const first = await startConnectivity(c);
      const ok = answerButton(first.card, 'ok');
      const before = h.connector.calls.length;
      const [a, b] = await Promise.all([click(c, ok, first.id), click(c, ok, first.id)]);
      const types = [a.body.type, b.body.type].sort();
      assert.deepEqual(types, [INVOKE_MESSAGE, INVOKE_CARD].sort(), 'one answered, one stale');
      const calls = h.connector.calls.slice(before);
      assert.deepEqual(
        calls.map((x) => x.method),
        ['POST'],
        'one next card, no PUT',
      );
    });

    it('bad, foreign or mismatched Execute data is a 400 invoke error and writes nothing', async () => {
      const c = h.conversation();
      const first = await startConnectivity(c);
      const ok = answerButton(first.card, 'ok');
      const writes = storage.writes;
      const bad: Json[] = [
        c.execute('answer', { wb: { v: 1, a: 'answer', c: 'nope', ans: 'ok', t: 'x' } }),
        c.execute('answer', { foreign: true }),
        c.execute('fix', ok.data),
        { ...c.execute('answer', ok.data), value: { action: { type: 'Action.Submit', data: ok.data } } },
      ];
      for (const activity of bad) {
        const answer = await invoke(c, activity);
        assert.equal(answer.status, 400, JSON.stringify(activity.value));
        assert.equal(answer.body.statusCode, 400);
        assert.equal(answer.body.type, 'application/vnd.microsoft.error');
        assert.equal(answer.posted.length + answer.puts, 0);
      }
      const stranger = h.conversation();
      const refused = await invoke(stranger, stranger.execute('answer', { wb: { v: 1, a: 'nope' } }));
      assert.equal(refused.status, 400, 'from someone the bot never met');
      assert.equal(storage.writes, writes, 'nothing written');
      const still = await click(c, ok, first.id);
      assert.equal(still.body.type, INVOKE_CARD, 'the card on screen still takes its answer');
    });
  });

  it('a dialog stack stored by the dialogs before they were flattened is dropped: the click is stale, not a failure', async () => {
    const c = h.conversation();
    const first = await startConnectivity(c);
    const memory = (storage as unknown as { memory: Record<string, string> }).memory;
    const key = Object.keys(memory).find(
      (k) => k.includes(c.conversationId) && memory[k].includes('dialogStack'),
    );
    assert.ok(key, 'the conversation state is stored');
    memory[key] = memory[key].replace('"connectivitySteps"', '"connectivityDialog"');
    const answer = await click(c, answerButton(first.card, 'ok'), first.id);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { statusCode: 200, type: INVOKE_MESSAGE, value: en.t('notes.stale') });
    const fresh = await startConnectivity(c);
    assert.equal(heading(fresh.card), title('connectVersion'), 'a section starts afresh');
  });

  describe('in a group chat', () => {
    const owner = newUser('Olivia');
    const colleague = newUser('Colin');
    let chat: TeamsConversation;
    let theirs: TeamsConversation;
    beforeEach(() => {
      chat = h.conversation({ user: owner, conversationType: 'groupChat' });
      theirs = h.conversation({
        user: colleague,
        conversationType: 'groupChat',
        conversationId: chat.conversationId,
      });
    });

    const refresh = (c: TeamsConversation, card: Card, id: string) => {
      const action = (card.refresh as { action: { verb: string; data: Json } }).action;
      return invoke(c, c.execute(action.verb, action.data, id, 'automatic'));
    };

    it('the posted card is read-only and names the owner; the owner’s refresh gets the buttons, a colleague’s does not', async () => {
      const posted = await startConnectivity(chat);
      assert.deepEqual(executes(posted.card), [], 'no answers on the posted card');
      assert.ok(
        JSON.stringify(posted.card.body).includes(en.t('universal.readOnly')),
        'the read-only card says whose it is',
      );
      const spec = posted.card.refresh as { action: Json; userIds: string[] };
      assert.deepEqual(spec.userIds, [owner.id], 'refresh.userIds: the owner’s Teams id');
      assert.equal(spec.action.type, 'Action.Execute');
      assert.equal(spec.action.verb, 'refresh');

      const writes = storage.writes;
      const mine = await refresh(chat, posted.card, posted.id);
      assert.equal(mine.body.type, INVOKE_CARD);
      const live = mine.body.value as Card;
      assert.equal(heading(live), title('connectVersion'));
      assert.deepEqual(
        executes(live)
          .filter((b) => b.verb === 'answer')
          .map((b) => (b.data.wb as Json).ans),
        ['ok', 'notOk', 'skip'],
        'the owner sees the answers',
      );
      assert.deepEqual((live.refresh as { userIds: string[] }).userIds, [owner.id], 'and keeps refreshing');

      const other = await refresh(theirs, posted.card, posted.id);
      assert.equal(other.body.type, INVOKE_CARD);
      assert.deepEqual(executes(other.body.value as Card), [], 'a colleague gets the read-only card');
      assert.equal(mine.posted.length + mine.puts + other.posted.length + other.puts, 0);
      assert.equal(storage.writes, writes, 'a refresh writes no state');

      const answered = await click(chat, answerButton(live, 'ok'), posted.id);
      assert.equal(answered.body.type, INVOKE_CARD);
      assert.equal(answered.puts, 0);
      assert.equal(answered.posted.length, 1);
    });

    it('a colleague’s click gets a polite refusal in the invoke and changes nothing', async () => {
      const posted = await startConnectivity(chat);
      const live = (await refresh(chat, posted.card, posted.id)).body.value as Card;
      const ok = answerButton(live, 'ok');
      const refused = await click(theirs, ok, posted.id);
      assert.equal(refused.status, 200);
      assert.deepEqual(refused.body, {
        statusCode: 200,
        type: INVOKE_MESSAGE,
        value: en.t('guard.notYours'),
      });
      assert.equal(refused.posted.length + refused.puts, 0);
      const mine = await click(chat, ok, posted.id);
      assert.equal(mine.body.type, INVOKE_CARD, 'the owner still answers the same card');
      assert.equal(heading(cardOf(mine.posted[0])), title('firewall'));
    });

    it('a stale refresh is harmless: the answered line, no buttons, nothing written or moved', async () => {
      const posted = await startConnectivity(chat);
      const live = (await refresh(chat, posted.card, posted.id)).body.value as Card;
      const next = await click(chat, answerButton(live, 'ok'), posted.id);
      const writes = storage.writes;
      const stale = await refresh(chat, posted.card, posted.id);
      assert.equal(stale.body.type, INVOKE_CARD);
      const card = stale.body.value as Card;
      assert.deepEqual(executes(card), []);
      assert.match(
        String(card.body[0].text),
        new RegExp(`^${title('connectVersion')}: ${en.t('card.status.ok')}`),
      );
      assert.equal(stale.posted.length + stale.puts, 0);
      assert.equal(storage.writes, writes);
      // The section is where it was: the next card still takes its answer.
      const nextCard = cardOf(next.posted[0]);
      const nextLive = (await refresh(chat, nextCard, String(next.posted[0].id))).body.value as Card;
      const after = await click(chat, answerButton(nextLive, 'ok'), String(next.posted[0].id));
      assert.equal(after.body.type, INVOKE_CARD);
      assert.equal(after.posted.length, 1);
    });
  });
});
