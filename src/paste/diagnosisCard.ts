/**
 * The answer to a whole pasted console session: a line per check it could decide (✓/✗/⚠, the check's name
 * and the deciding value), the first ✗ expanded with what to do, then what the paste held that it could
 * not read. Text read from the paste (commands) is shown as literal text runs, never as markdown.
 */
import { startAction } from '../troubleshooting/actions';
import { sectionOf } from '../troubleshooting/catalogue';
import type { SectionId } from '../troubleshooting/model';
import type { Diagnosis, DiagnosisLine, PasteMark, UnreadCommand } from './readers';
import type { Translator } from '../i18n/translator';
import type { CardAttachment } from '../cards/cardTypes';
import {
  attachment,
  card,
  container,
  factSet,
  heading,
  openUrl,
  subtle,
  text,
  type CardAction,
  type CardElement,
  type RichTextBlock,
} from '../cards/elements';
import { navButton } from '../troubleshooting/cards/summaryCard';
import { lineText } from './verdictCard';

const MAX_LINES = 24;
const MAX_UNREAD = 12;
const MAX_SHOWN_COMMAND = 120;

const STATUS: Readonly<Record<PasteMark, string>> = {
  fine: 'card.status.ok',
  problem: 'card.status.notOk',
  unsure: 'diagnosis.unsure',
};

/** The check's name, or the observation's title (a staging server decides no check but matters most). */
function lineLabel(t: Translator, line: DiagnosisLine): string {
  return line.checkId ? t.t(`checks.${line.checkId}.title`) : lineText(t, line.finding.title);
}

/** A pasted command shown as typed: one line, bounded, monospace, no markdown. */
function commandRun(command: string) {
  const oneLine = command.split('\n')[0];
  const shown = oneLine.length > MAX_SHOWN_COMMAND ? `${oneLine.slice(0, MAX_SHOWN_COMMAND)}…` : oneLine;
  return { type: 'TextRun' as const, text: shown, fontType: 'Monospace' as const };
}

function unreadLine(t: Translator, item: UnreadCommand): RichTextBlock {
  const reason = t.t(`diagnosis.reason.${item.reason}`);
  return {
    type: 'RichTextBlock',
    inlines: item.command
      ? [{ type: 'TextRun', text: `${reason}: ` }, commandRun(item.command)]
      : [{ type: 'TextRun', text: reason }],
  };
}

function expanded(t: Translator, line: DiagnosisLine): CardElement {
  const { finding } = line;
  const items: Array<CardElement | undefined | false> = [
    text(`✗ ${lineLabel(t, line)}${line.value ? ` (${line.value})` : ''}`, { weight: 'Bolder' }),
    line.checkId ? subtle(lineText(t, finding.title)) : undefined,
    text(t.t('events.meaning'), { weight: 'Bolder', spacing: 'Small' }),
    ...finding.meaning.map((l) => text(lineText(t, l))),
    finding.action.length > 0 && text(t.t('events.action'), { weight: 'Bolder', spacing: 'Small' }),
    ...finding.action.map((l) => text(lineText(t, l))),
  ];
  return container(
    items.filter((e): e is CardElement => Boolean(e)),
    { style: 'attention', spacing: 'Medium' },
  );
}

function unreadPart(t: Translator, diagnosis: Diagnosis): CardElement[] {
  const parts: CardElement[] = [];
  if (diagnosis.cut)
    parts.push(text(t.t('diagnosis.cut', { count: diagnosis.cut.limit }), { spacing: 'Small' }));
  for (const item of diagnosis.unread.slice(0, MAX_UNREAD)) parts.push(unreadLine(t, item));
  const more = diagnosis.unread.length - MAX_UNREAD;
  if (more > 0) parts.push(text(t.t('diagnosis.moreUnread', { count: more }), { size: 'Small' }));
  for (const repeated of diagnosis.repeated.slice(0, 6))
    parts.push({
      type: 'RichTextBlock',
      inlines: [
        commandRun(repeated.command),
        {
          type: 'TextRun',
          text: ` ${t.t('diagnosis.repeated', { positions: repeated.positions.join(', ') })}`,
        },
      ],
    });
  if (parts.length === 0) return [];
  return [
    container([text(t.t('diagnosis.unreadTitle'), { weight: 'Bolder' }), ...parts], { spacing: 'Medium' }),
  ];
}

export interface DiagnosisCardOptions {
  /** What was recorded, for the case file or the running section. */
  readonly note?: string;
  /** Nothing runs: the section to go through with these answers. */
  readonly startSection?: SectionId;
}

function diagnosisCard(diagnosis: Diagnosis, t: Translator, options: DiagnosisCardOptions) {
  const lines = diagnosis.lines.slice(0, MAX_LINES);
  const facts = lines.map((line) => ({
    title: t.t(STATUS[line.mark]),
    value: `${lineLabel(t, line)}${line.value ? `: ${line.value}` : ''}`,
  }));
  const first = diagnosis.first;
  const actions: CardAction[] = [];
  if (first) actions.push(openUrl(t.t('card.learnMore'), first.finding.learnUrl));
  if (first?.finding.offer === 'reenable') {
    actions.push(
      navButton({
        title: t.t('events.reenable'),
        data: startAction.build({ section: sectionOf('reenableWriteback') }),
      }),
    );
  } else if (options.startSection) {
    actions.push(
      navButton({
        title: t.t('diagnosis.start', { section: t.t(`sections.${options.startSection}.title`) }),
        data: startAction.build({ section: options.startSection }),
      }),
    );
  }
  return card(
    [
      heading(t.t('diagnosis.title')),
      subtle(
        t.t(diagnosis.transcriptFile ? 'diagnosis.readTranscript' : 'diagnosis.read', {
          count: diagnosis.commandCount,
        }),
      ),
      facts.length > 0 ? factSet(facts) : text(t.t('diagnosis.nothing')),
      first && expanded(t, first),
      ...unreadPart(t, diagnosis),
      options.note !== undefined && text(options.note, { isSubtle: true, separator: true, size: 'Small' }),
    ],
    actions,
  );
}

export const renderDiagnosisCard = (
  diagnosis: Diagnosis,
  t: Translator,
  options: DiagnosisCardOptions = {},
): CardAttachment => attachment(diagnosisCard(diagnosis, t, options));
