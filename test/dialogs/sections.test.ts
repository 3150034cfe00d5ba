import assert from 'node:assert/strict';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import type { Answer, CheckId, SectionId } from '../../src/troubleshooting/model';
import { Localizer } from '../../src/i18n/translator';
import { submitActions, type Card } from '../support/botHarness';
import { cardsIn, DialogHarness } from '../support/dialogHarness';

const en = new Localizer().for('en');

type Plan = 'ok' | 'skip' | 'notOk-moveOn' | 'notOk-retry-ok';
const expectedAnswer: Record<Plan, Answer> = {
  ok: 'ok',
  skip: 'skip',
  'notOk-moveOn': 'notOk',
  'notOk-retry-ok': 'ok',
};

function click(card: Card, verb: string, answer: string): Record<string, unknown> {
  const action = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && wb.ans === answer;
  });
  if (!action) throw new Error(`no ${verb}/${answer} button on card: ${JSON.stringify(card).slice(0, 200)}`);
  return action.data;
}

function heading(card: Card): string {
  const text = card.body.find((b) => b.style === 'heading')?.text;
  return typeof text === 'string' ? text : '';
}

function facts(card: Card): Array<{ title: string; value: string }> {
  const found: Array<{ title: string; value: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'FactSet') found.push(...(n.facts as Array<{ title: string; value: string }>));
    Object.values(n).forEach(visit);
  };
  visit(card);
  return found;
}

async function start(h: DialogHarness, section: SectionId): Promise<Card> {
  const cards = cardsIn(await h.say({ wb: { v: 1, a: 'start', s: section } }));
  assert.equal(cards.length, 1);
  return cards[0];
}

/** Walks a section answering every check by the plan; returns the summary card. */
async function walk(h: DialogHarness, section: SectionId, plan: (checkId: CheckId) => Plan): Promise<Card> {
  let card = await start(h, section);
  const checks = SECTIONS.find((s) => s.id === section)!.checks;
  for (const check of checks) {
    assert.equal(heading(card), en.t(`checks.${check.id}.title`), `card for ${check.id}`);
    const p = plan(check.id);
    if (p === 'ok' || p === 'skip') {
      card = cardsIn(await h.say(click(card, 'answer', p)))[0];
      continue;
    }
    const fix = cardsIn(await h.say(click(card, 'answer', 'notOk')))[0];
    assert.equal(heading(fix), en.t('card.fixTitle', { check: en.t(`checks.${check.id}.title`) }));
    if (p === 'notOk-moveOn') {
      card = cardsIn(await h.say(click(fix, 'fix', 'moveOn')))[0];
    } else {
      const again = cardsIn(await h.say(click(fix, 'fix', 'retry')))[0];
      assert.equal(heading(again), en.t(`checks.${check.id}.title`), 'check again shows the same check');
      card = cardsIn(await h.say(click(again, 'answer', 'ok')))[0];
    }
  }
  return card;
}

describe('sections, every path (botbuilder-testing)', () => {
  const plans: Array<[string, (checkId: string, index: number) => Plan]> = [
    ['all OK', () => 'ok'],
    ['all skipped', () => 'skip'],
    ['all Not OK, moving on after the fix', () => 'notOk-moveOn'],
    ['Not OK, fixed, checked again, OK', () => 'notOk-retry-ok'],
  ];
  for (const section of SECTIONS) {
    for (const [name, plan] of plans) {
      it(`${section.id}: ${name}`, async () => {
        const h = new DialogHarness();
        const summary = await walk(h, section.id, (id) => plan(id, 0));
        const rows = facts(summary);
        const expectedChecks =
          section.id === 'stillNotWorking' ? SECTIONS.flatMap((s) => s.checks) : section.checks;
        assert.equal(rows.length, expectedChecks.length);
        for (const check of section.checks) {
          const row = rows.find((r) => r.value === en.t(`checks.${check.id}.title`));
          assert.ok(row, `summary lists ${check.id}`);
          assert.equal(row.title, en.t(`card.status.${expectedAnswer[plan(check.id, 0)]}`));
        }
      });
    }
  }

  it('a mixed section: each check keeps its own answer', async () => {
    const h = new DialogHarness();
    const mix: Plan[] = ['ok', 'notOk-moveOn', 'skip', 'notOk-retry-ok'];
    const ids = SECTIONS[1].checks.map((c) => c.id);
    const summary = await walk(h, 'connectivity', (id) => mix[ids.indexOf(id)]);
    assert.deepEqual(
      facts(summary).map((f) => f.title),
      mix.map((p) => en.t(`card.status.${expectedAnswer[p]}`)),
    );
  });

  it('run all checks goes through the three sections and ends in the case summary', async () => {
    const h = new DialogHarness();
    let card = cardsIn(await h.say({ wb: { v: 1, a: 'runAll' } }))[0];
    const all = SECTIONS.flatMap((s) => s.checks);
    const summaries: string[] = [];
    for (const check of all) {
      assert.equal(heading(card), en.t(`checks.${check.id}.title`));
      const cards = cardsIn(await h.say(click(card, 'answer', 'ok')));
      summaries.push(...cards.filter((c) => facts(c).length > 0).map(heading));
      card = cards[cards.length - 1];
    }
    assert.deepEqual(summaries, [
      en.t('summary.title', { section: en.t('sections.configuration.title') }),
      en.t('summary.title', { section: en.t('sections.connectivity.title') }),
      en.t('summary.caseTitle'),
    ]);
  });
});
