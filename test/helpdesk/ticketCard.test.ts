import type { CheckId } from '../../src/troubleshooting/model';
import assert from 'node:assert/strict';
import { parseCardValue } from '../../src/turn/cardActions';
import { escalateAction } from '../../src/helpdesk/actions';
import { TICKET_CARD_MAX_BYTES, ticketCard } from '../../src/helpdesk/ticketCard';
import { helpdeskOfferAction } from '../../src/helpdesk/helpdeskOffer';
import { helpdeskOffer } from '../../src/helpdesk/offerView';
import { summaryCard } from '../../src/troubleshooting/cards/summaryCard';
import { sectionSummaryData } from '../../src/troubleshooting/cards/views';
import type { Ticket } from '../../src/helpdesk/ticket';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { allText, submitActions, type Card } from '../support/botHarness';
import { sampleTicket } from '../support/helpdeskSamples';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const bytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** The largest case a ticket can hold: long CJK description, every check with evidence, long values. */
function hugeTicket(): Ticket {
  const ticket = sampleTicket('界'.repeat(1000));
  const checkIds: CheckId[] = [
    'licensing',
    'licensedAccounts',
    'cloudAdmin',
    'fullSync',
    'eventLog',
    'ssprEnabled',
  ];
  return {
    ...ticket,
    descriptionCut: 59_000,
    events: Array.from({ length: 20 }, (_, i) => 33000 + i),
    evidence: checkIds.map((checkId) => ({
      checkId,
      verdict: 'fail' as const,
      lines: Array.from({ length: 10 }, () => ({
        key: 'autoCheck.licences.found',
        values: { skus: `SKU_${'X'.repeat(400)}` },
      })),
    })),
  };
}

describe('"Send to helpdesk" offer', () => {
  it('the summary card offers it with the summary token, built and read back with the one escalate schema', () => {
    const t = localizer.for('lv');
    const token = '6d1f1c58-4b0e-4c55-9d0e-3f6a2b1c0d9e';
    const summary = summaryCard(sectionSummaryData('connectivity', {}, t, undefined, token)).content as Card;
    const rendered = summary.actions?.find((a) => a.title === t.t('helpdesk.offer.send')) as Record<
      string,
      unknown
    >;
    const typed = helpdeskOfferAction(helpdeskOffer(t, 'connectivity', token)) as unknown as Record<
      string,
      unknown
    >;
    const inner = (a: Record<string, unknown>) => {
      const c = a.card as Record<string, unknown>;
      return { body: c.body, actions: c.actions };
    };
    assert.equal(rendered.title, typed.title);
    assert.deepEqual(inner(rendered), inner(typed));
    const [send] = submitActions(rendered.card as Card);
    assert.deepEqual(send.data, escalateAction.build({ scope: 'connectivity', token }));
    const parsed = parseCardValue({ ...send.data, hdDescription: 'x' });
    assert.ok(parsed.kind === 'action' && parsed.action.kind === 'escalate');
    assert.deepEqual([parsed.action.scope, parsed.action.token], ['connectivity', token]);
    // Without the token (what the offer carried before) the payload is not an escalation at all.
    assert.equal(parseCardValue({ wb: { v: 1, a: 'escalate', s: 'connectivity' } }).kind, 'invalid');
  });
});

describe('helpdesk ticket card size', () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: the largest case stays under 24 KB, valid, with a note saying it was shortened`, () => {
      const t = localizer.for(locale);
      const card = ticketCard(hugeTicket(), t) as unknown as Card;
      assert.ok(bytes(card) <= TICKET_CARD_MAX_BYTES, `${bytes(card)} bytes`);
      assert.deepEqual(cardProblems(card as unknown as Record<string, unknown>), []);
      assert.ok(allText(card).includes(t.t('helpdesk.ticket.cardTruncated')));
      assert.ok(allText(card).includes(t.t('helpdesk.ticket.truncated', { count: 59_000 })));
    });
  }

  it('a normal case is not shortened and its copy holds the whole case', () => {
    const t = localizer.for('en');
    const card = ticketCard(sampleTicket('Since Monday'), t) as unknown as Card;
    const text = allText(card);
    assert.ok(!text.includes(t.t('helpdesk.ticket.cardTruncated')));
    const copy = JSON.stringify(card).match(/"id":"hdCaseText"[^}]*"value":"([^"]*)"/);
    assert.ok(copy, 'the copy box is there');
    for (const part of [
      'Ticket #7',
      'Since Monday',
      '33004, 6329',
      'is up to date (2.4.18.0)',
      // Graph values are neutralised Markdown (`AAD\_PREMIUM`), JSON-escaped in the card.
      'AAD\\\\_PREMIUM',
    ])
      assert.ok(copy[1].includes(part), part);
  });

  it('the "chat with" button shows the name as written (button titles are not markdown)', () => {
    const base = sampleTicket();
    const ticket = {
      ...base,
      requester: {
        ...base.requester,
        name: 'Alex Wilber (IT admin)',
        aadObjectId: '00000000-0000-0000-0000-0000000000a1',
      },
    };
    const t = localizer.for('en');
    const card = ticketCard(ticket, t) as unknown as Card;
    const titles = (card.actions ?? []).map((a) => String(a.title));
    assert.ok(
      titles.includes(t.t('helpdesk.ticket.chat', { name: 'Alex Wilber (IT admin)' })),
      titles.join(' | '),
    );
  });

  it('names from Teams are neutralised too', () => {
    const ticket = {
      ...sampleTicket(),
      requester: { ...sampleTicket().requester, name: '**Boss** <at>x</at>' },
    };
    const json = JSON.stringify(ticketCard(ticket, localizer.for('en')));
    assert.ok(!json.includes('<at>') && !json.includes('**Boss**'));
  });
});
