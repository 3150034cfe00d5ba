/**
 * The answer to pasted command output: a verdict whose first line starts with ✓ (fine), ✗ (this is the
 * problem) or ⚠ (wait, or not conclusive), what was read, what it means and what to do, with the Learn link.
 */
import { sectionOf } from '../troubleshooting/catalogue';
import type { PasteFinding, PasteMark, TextLine } from './readers';
import type { PasteKind } from './readers/types';
import type { Translator } from '../i18n/translator';
import { startAction } from '../troubleshooting/actions';
import type { CardAttachment, RemindOffer } from '../cards/cardTypes';
import {
  attachment,
  card,
  executeAction,
  heading,
  openUrl,
  text,
  type AdaptiveCard,
} from '../cards/elements';
import { remindAction } from '../reminders/remindAction';

/** What was read, by its own (untranslated) product or cmdlet name. */
const SOURCES: Readonly<Record<PasteKind, string>> = {
  testNetConnection: 'Test-NetConnection',
  scheduler: 'Get-ADSyncScheduler',
  runStatus: 'Get-ADSyncConnectorRunStatus',
  event: 'PasswordResetService / ADSync',
  connectVersion: 'Microsoft Entra Connect (miiserver.exe)',
  tls: 'SCHANNEL / .NET Framework (TLS 1.2)',
  passwordResetConfig: 'Get-ADSyncAADPasswordResetConfiguration',
  domainControllers: 'Active Directory (PDC emulator)',
};

const VERDICT_SYMBOLS: Readonly<Record<PasteMark, string>> = { fine: '✓', problem: '✗', unsure: '⚠' };

/** One line of a finding in the admin's language; values read from the paste are inserted as they are. */
export function lineText(t: Translator, line: TextLine): string {
  const refs = Object.fromEntries(Object.entries(line.refs ?? {}).map(([name, key]) => [name, t.t(key)]));
  return t.t(line.key, { ...line.values, ...refs });
}

/** What the card adds to the finding: the note on what was recorded, the reminder offer (with its token). */
export interface VerdictExtras {
  note?: string;
  /** Required for a finding that offers a reminder: the choices carry the offer's token back. */
  remind?: RemindOffer;
}

function verdictCard(finding: PasteFinding, t: Translator, { note, remind }: VerdictExtras): AdaptiveCard {
  const meaning = finding.meaning.map((line) => text(lineText(t, line)));
  const action = finding.action.map((line) => text(lineText(t, line)));
  const reminder = finding.offer === 'reminder' && remind && remindAction(remind);
  const reenable =
    finding.offer === 'reenable' &&
    executeAction(t.t('events.reenable'), startAction.build({ section: sectionOf('reenableWriteback') }));
  return card(
    [
      heading(`${VERDICT_SYMBOLS[finding.mark]} ${lineText(t, finding.title)}`),
      text(t.t('paste.readFrom', { source: SOURCES[finding.kind] }), { size: 'Small', isSubtle: true }),
      meaning.length > 0 && text(t.t('events.meaning'), { weight: 'Bolder' }),
      ...meaning,
      action.length > 0 && text(t.t('events.action'), { weight: 'Bolder' }),
      ...action,
      note !== undefined && text(note, { isSubtle: true, separator: true }),
    ],
    [reminder, reenable, openUrl(t.t('card.learnMore'), finding.learnUrl)],
  );
}

export const renderVerdictCard = (
  finding: PasteFinding,
  t: Translator,
  extras: VerdictExtras = {},
): CardAttachment => attachment(verdictCard(finding, t, extras));
