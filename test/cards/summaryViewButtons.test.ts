/**
 * Every button of a summary's live card in a group chat works for its owner. The summary is posted
 * read-only; the owner's Teams client refreshes it (Universal Actions) and gets the live card; each of its
 * actions (Action.Execute as an `adaptiveCard/action` invoke and as its Submit fallback, the ShowCards'
 * sub-actions, the helpdesk's Send with a description) is clicked by the owner, each on a summary brought
 * up afresh, and must do what the every-button test's rows say it does in a personal chat.
 */
import assert from 'node:assert/strict';
import { viewAs } from '../support/botHarness';
import { SUMMARY_ROWS, type Row } from '../support/buttonRows';
import { CASE_SECTION, fills } from '../support/buttonScenes';
import { World, type Shown } from '../support/buttonWorld';
import { cardActions, Chat, headingOf, type Reply } from '../support/cardClicks';
import { newUser } from '../support/teams';
import { cardProblems } from '../support/validateCard';
import type { SupportedLocale } from '../../src/i18n/locales';
import type { CheckId, SectionId } from '../../src/troubleshooting/model';

/** A group chat: typed commands @mention the bot, as Teams sends them there. */
class GroupChat extends Chat {
  override say(text: string): Promise<Reply> {
    return this.send(this.conversation.mention(text));
  }
}

interface SummaryKind {
  name: string;
  section: SectionId;
  skip?: CheckId[];
  actions: Record<string, Row>;
}

const CASE = CASE_SECTION.id;
const KINDS: SummaryKind[] = [
  {
    name: 'section summary with Remind me later and the helpdesk offer',
    section: 'configuration',
    skip: ['fullSync'],
    actions: SUMMARY_ROWS.configuration,
  },
  {
    name: 'section summary with the helpdesk offer',
    section: 'connectivity',
    actions: SUMMARY_ROWS.connectivity,
  },
  {
    name: 'case summary with the helpdesk offer',
    section: CASE,
    skip: CASE_SECTION.checks.map((c) => c.id),
    actions: SUMMARY_ROWS.case,
  },
];

/** The card as the owner sees it (their client refreshes it), in the same message. */
const asOwner = async (w: World, chat: Chat, shown: Shown): Promise<Shown> => ({
  ...shown,
  card: await viewAs(w.h, chat.conversation, shown.card),
});

/** A new group chat whose member installs the bot and runs a section up to its summary: posted and live. */
async function groupSummary(w: World, kind: SummaryKind): Promise<{ posted: Shown; live: Shown }> {
  const user = newUser('Olivia Owner');
  const chat = new GroupChat(
    w.h,
    w.h.conversation({ user, conversationType: 'groupChat', locale: w.clientLocale }),
  );
  const welcome = w.newest(chat, chat, await chat.send(chat.conversation.installationAdd()), 'install');
  let shown = await w.press(welcome, `start:${kind.section}`);
  for (let i = 0; i < 20 && cardActions(shown.card).every((a) => !a.key.startsWith('summaryRefresh')); i++) {
    const answer = kind.skip?.some((id) => headingOf(shown.card) === w.t.t(`checks.${id}.title`))
      ? 'skip'
      : 'ok';
    shown = await w.press(await asOwner(w, chat, shown), `answer:${answer}`);
  }
  return { posted: shown, live: await asOwner(w, chat, shown) };
}

const keysOf = (shown: Shown): string[] =>
  [
    ...new Set(
      cardActions(shown.card)
        .filter((a) => !a.refresh)
        .map((a) => a.key),
    ),
  ].sort();

const LOCALES: SupportedLocale[] = ['en', 'lv'];

for (const locale of LOCALES) {
  describe(`a summary's live card in a group chat: every button works for its owner (${locale})`, function () {
    this.timeout(60_000);
    const w = new World(locale);
    before(() => w.start());
    after(() => w.stop());

    for (const kind of KINDS) {
      it(`${kind.name}: posted read-only; the owner's view offers exactly the actions described`, async () => {
        const { posted, live } = await groupSummary(w, kind);
        assert.deepEqual(keysOf(posted), [], 'no buttons on the posted card');
        assert.deepEqual(cardProblems(posted.card), []);
        assert.deepEqual(keysOf(live), Object.keys(kind.actions).sort());
        assert.deepEqual(cardProblems(live.card), []);
      });
      for (const [key, row] of Object.entries(kind.actions))
        it(`${kind.name} › ${key}: ${row.does}`, async () => {
          const count = cardActions((await groupSummary(w, kind)).live.card).filter(
            (a) => a.key === key && !a.refresh,
          ).length;
          assert.ok(count > 0, `the live card offers ${key}`);
          for (let i = 0; i < count; i++) {
            // A click changes what is current: each on a summary brought up afresh.
            const { live } = await groupSummary(w, kind);
            const action = cardActions(live.card).filter((a) => a.key === key && !a.refresh)[i];
            const doing = `${kind.name}: ${action.path.join(' › ')}${action.fallback ? ' (fallback)' : ''}`;
            const threadsBefore = w.h.connector.created.length;
            const reply = await live.place.click(action, live.activityId, fills(w));
            w.assertClean(reply, doing);
            await row.effect({ w, shown: live, action, reply, threadsBefore });
          }
        });
    }
  });
}
