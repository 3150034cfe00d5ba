import assert from 'node:assert/strict';
import {
  buttonsOf,
  clickActivity,
  countCalls,
  invokeResponseCard,
  isClick,
  nextCard,
  verbOf,
  type CardJson,
  type ConnectorCall,
} from '../../scripts/bench/clicks';
import { parseCpuList } from '../../scripts/bench/pinning';
import { answeredCard } from '../../src/cards/answeredCard';
import { ticketCard } from '../../src/helpdesk/ticketCard';
import { Localizer } from '../../src/i18n/translator';
import { parseCardValue } from '../../src/turn/cardActions';
import { renderAllCards } from '../support/allCards';
import { sampleTicket } from '../support/helpdeskSamples';
import { TeamsConversation } from '../support/teams';

const t = new Localizer().for('en');
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const conversation = new TeamsConversation({ serviceUrl: 'http://127.0.0.1:1/' });

const checkCard = (): CardJson => {
  const found = renderAllCards(t).find(([name]) => name.startsWith('check '));
  assert.ok(found, 'a check card');
  return found[1].content;
};
const posted = (card: CardJson, id: string): ConnectorCall => ({
  method: 'POST',
  id,
  activity: { type: 'message', attachments: [{ contentType: CARD_TYPE, content: card }] },
});
const put = (card: CardJson, id: string): ConnectorCall => ({ ...posted(card, id), method: 'PUT' });
const answered = () => answeredCard({ line: 'OK' }).content as unknown as CardJson;

describe('bench walker: clicking cards as Teams does (scripts/bench/clicks.ts)', () => {
  it("finds a check card's answer buttons (Action.Execute) and clicks one as an adaptiveCard/action invoke", () => {
    const buttons = buttonsOf(checkCard());
    assert.deepEqual(
      buttons.map((b) => [b.kind, verbOf(b), b.data.wb?.ans]),
      [
        ['execute', 'answer', 'ok'],
        ['execute', 'answer', 'notOk'],
        ['execute', 'answer', 'skip'],
      ],
    );
    const click = clickActivity(conversation.message(''), buttons[0], 'activity-7');
    assert.equal(click.type, 'invoke');
    assert.equal(click.name, 'adaptiveCard/action');
    assert.equal(click.replyToId, 'activity-7');
    assert.equal(isClick(click), true);
    const action = (click.value as { action: { data: unknown } }).action;
    assert.deepEqual(action.data, buttons[0].data);
    assert.equal(parseCardValue(action.data).kind, 'action');
  });

  it("clicks an Action.Submit (the welcome card's section buttons) as a message with the data as value", () => {
    const found = renderAllCards(t).find(([name]) => name === 'welcome');
    assert.ok(found, 'the welcome card');
    const buttons = buttonsOf(found[1].content);
    assert.ok(buttons.length > 0 && buttons.every((b) => b.kind === 'submit'));
    const click = clickActivity(conversation.message(''), buttons[0], 'activity-8');
    assert.equal(click.type, 'message');
    assert.equal(click.text, undefined);
    assert.equal(click.replyToId, 'activity-8');
    assert.deepEqual(click.value, buttons[0].data);
    assert.equal(isClick(click), true);
    assert.equal(parseCardValue(click.value).kind, 'action');
  });

  it('clicks an Action.Execute (the ticket card) as an adaptiveCard/action invoke, not its Submit fallback', () => {
    const card = ticketCard(sampleTicket(), t) as unknown as CardJson;
    const buttons = buttonsOf(card);
    assert.ok(buttons.length > 0);
    assert.ok(buttons.every((b) => b.kind === 'execute'));
    const assign = buttons.find((b) => b.kind === 'execute' && b.verb === 'assign');
    assert.ok(assign && assign.kind === 'execute');
    assert.equal(assign.verb, 'assign');
    const click = clickActivity(conversation.message(''), assign, 'activity-9');
    assert.equal(click.type, 'invoke');
    assert.equal(click.name, 'adaptiveCard/action');
    assert.equal(click.replyToId, 'activity-9');
    assert.deepEqual(click.value, {
      action: { type: 'Action.Execute', verb: 'assign', data: assign.data },
      trigger: 'manual',
    });
    assert.equal(isClick(click), true);
    const action = (click.value as { action: { data: unknown } }).action;
    assert.equal(parseCardValue(action.data).kind, 'action');
  });

  it('typed messages and events are not clicks', () => {
    assert.equal(isClick(conversation.message('help')), false);
    assert.equal(isClick(conversation.installationAdd()), false);
    assert.equal(isClick({ ...conversation.message(''), type: 'invoke', name: 'task/fetch' }), false);
  });

  it('after a Submit click follows the newly posted card, not the answered card the PUT put in place', () => {
    const next = checkCard();
    const shown = nextCard([put(answered(), 'activity-1'), posted(next, 'activity-2')]);
    assert.equal(shown?.card, next);
    assert.equal(shown?.activityId, 'activity-2');
  });

  it('after an Execute click reads the card from the invoke response when no new card was posted', () => {
    const card = ticketCard(sampleTicket(), t) as unknown as CardJson;
    const body = { statusCode: 200, type: CARD_TYPE, value: card };
    assert.equal(invokeResponseCard(body), card);
    assert.equal(
      invokeResponseCard({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' }),
      undefined,
    );
    const shown = nextCard([], body, 'activity-4');
    assert.equal(shown?.card, card);
    assert.equal(shown?.activityId, 'activity-4');
    // The answered card in the response offers nothing: the posted next card is the one to click.
    const next = checkCard();
    const after = nextCard([posted(next, 'activity-5')], {
      statusCode: 200,
      type: CARD_TYPE,
      value: answered(),
    });
    assert.equal(after?.card, next);
  });

  it('nothing left to click: undefined (the walker counts the conversation as abandoned)', () => {
    assert.equal(
      nextCard([put(answered(), 'a'), { method: 'POST', activity: { type: 'message', text: 'hi' } }]),
      undefined,
    );
  });

  it('counts a turn’s connector calls by method', () => {
    const card = checkCard();
    assert.deepEqual(countCalls([put(card, 'a'), posted(card, 'b'), posted(card, 'c')]), {
      post: 2,
      put: 1,
      other: 0,
    });
  });

  it('reads the cores a process may use (taskset pinning)', () => {
    assert.deepEqual(parseCpuList('0-1'), [0, 1]);
    assert.deepEqual(parseCpuList('0,2-4,7\n'), [0, 2, 3, 4, 7]);
    assert.deepEqual(parseCpuList(''), []);
  });
});
