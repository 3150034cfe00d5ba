import { metrics } from '../../telemetry/metrics';
import type { TurnContext } from 'botbuilder';
import { renderDiagnosisCard } from '../diagnosisCard';
import { randomUUID } from 'node:crypto';
import { remindOffer } from '../../reminders/reminderViews';
import { lineText, renderVerdictCard } from '../verdictCard';
import { statusText } from '../../troubleshooting/cards/views';
import { getSection, sectionOf } from '../../troubleshooting/catalogue';
import type { Catalogue, CheckId } from '../../troubleshooting/model';
import type { Diagnosis, PasteFinding, PasteReading, PastedAnswer, TextLine } from '../readers';
import type { Translator } from '../../i18n/translator';
import { sendCard, sendNote } from '../../turn/replies';
import { rememberEvents, type CaseFile } from '../../turn/state';
import { turnServices } from '../../turn/turnServices';

/** The meaning of a finding as one text (the "why" of a fix card). */
export function findingWhy(meaning: readonly TextLine[], t: Translator): string {
  return meaning.map((line) => lineText(t, line)).join(' ');
}

/** The answer of a reading for one check, if it gives one, with what the output meant. */
export function pastedAnswerFor(
  reading: PasteReading,
  checkId: CheckId,
): { answer: PastedAnswer; why: readonly TextLine[] } | undefined {
  if (reading.kind === 'finding') {
    const answer = reading.finding.answers.find((a) => a.checkId === checkId);
    return answer ? { answer, why: reading.finding.meaning } : undefined;
  }
  if (reading.kind !== 'diagnosis') return undefined;
  const line = reading.diagnosis.lines.find((l) => l.checkId === checkId);
  const answer = reading.diagnosis.answers.find((a) => a.checkId === checkId);
  return line && answer ? { answer, why: line.finding.meaning } : undefined;
}

/**
 * A whole pasted session: every check it decides goes into the case file as "from pasted output". The
 * running section takes its current check as a click ('current') and its passed checks as updated answers;
 * every other check waits in the case file for the section that reaches it (this one, or the next started).
 */
async function answerDiagnosis(
  context: TurnContext,
  diagnosis: Diagnosis,
  caseFile: CaseFile,
  now: Date,
  running: boolean,
  catalogue?: Catalogue,
): Promise<'current' | 'handled'> {
  const { t, log } = turnServices(context);
  // What was read, never the pasted text itself (it can name servers, users and addresses).
  log.info(
    {
      pasteKind: 'diagnosis',
      commands: diagnosis.commandCount,
      decided: diagnosis.answers.length,
      problems: diagnosis.lines.filter((l) => l.mark === 'problem').length,
      unread: diagnosis.unread.length,
      cut: diagnosis.cut !== undefined,
    },
    'pasted session read',
  );
  for (const line of diagnosis.lines) metrics.pasteVerdict('session', line.mark);
  // Someone else's section runs (group chats, channels): the diagnosis is shown, nothing of theirs changes.
  if (!running && caseFile.current) {
    await sendCard(context, renderDiagnosisCard(diagnosis, t));
    return 'handled';
  }
  if (diagnosis.eventIds?.length) rememberEvents(caseFile, diagnosis.eventIds);
  const current = running ? caseFile.current : undefined;
  const checks = current ? getSection(current.section, catalogue).checks : [];
  let taken = false;
  for (const line of diagnosis.lines) {
    const answer = line.checkId ? diagnosis.answers.find((a) => a.checkId === line.checkId) : undefined;
    if (!answer) continue;
    caseFile.answers[answer.checkId] = {
      answer: answer.answer,
      at: now.toISOString(),
      from: 'paste',
      ...(answer.detail ? { detail: answer.detail } : {}),
    };
    const index = checks.findIndex((c) => c.id === answer.checkId);
    if (current && index === current.n - 1) taken = true;
    else if (!current || index < 0 || index > current.n - 1) {
      caseFile.pasted = {
        ...caseFile.pasted,
        [answer.checkId]: { answer: answer.answer, detail: answer.detail, why: [...line.finding.meaning] },
      };
    }
  }
  const decided = diagnosis.answers.length;
  const note =
    decided === 0
      ? undefined
      : t.t(current ? 'diagnosis.recordedRunning' : 'diagnosis.recorded', { count: decided });
  const lead =
    diagnosis.lines.find((l) => l.mark === 'problem' && l.checkId) ?? diagnosis.lines.find((l) => l.checkId);
  const startSection = !current && lead?.checkId ? sectionOf(lead.checkId) : undefined;
  await sendCard(context, renderDiagnosisCard(diagnosis, t, { note, startSection }));
  return taken ? 'current' : 'handled';
}

/**
 * Answers pasted output with a verdict card. While a section runs, a paste that answers one of its checks
 * is recorded: for the current check the card prompt takes it as a click ('current'); for a check already
 * passed the answer is updated; for a later check it waits in the case file until the section gets there.
 */
export async function answerPaste(
  context: TurnContext,
  reading: PasteReading,
  caseFile: CaseFile,
  now: Date,
  running: boolean,
  catalogue?: Catalogue,
): Promise<'current' | 'handled'> {
  if (reading.kind === 'unreadable') {
    turnServices(context).log.info({ pasteKind: 'unreadable' }, 'pasted output not read');
    metrics.pasteVerdict('unreadable', 'none');
    await sendNote(context, 'paste.unreadable');
    return 'handled';
  }
  if (reading.kind === 'diagnosis')
    return answerDiagnosis(context, reading.diagnosis, caseFile, now, running, catalogue);
  const { t, log } = turnServices(context);
  const finding = reading.finding;
  // What was read, never the pasted text itself (it can name servers, users and addresses).
  log.info({ pasteKind: finding.kind, mark: finding.mark }, 'pasted output read');
  metrics.pasteVerdict(finding.kind, finding.mark);
  if (finding.eventIds?.length) rememberEvents(caseFile, finding.eventIds);
  const current = running ? caseFile.current : undefined;
  const checks = current ? getSection(current.section, catalogue).checks : [];
  const answer = finding.answers.find((a) => checks.some((c) => c.id === a.checkId));
  if (!current || !answer) {
    await sendVerdict(context, finding, caseFile);
    return 'handled';
  }
  const index = checks.findIndex((c) => c.id === answer.checkId);
  const values = { check: t.t(`checks.${answer.checkId}.title`), status: statusText(t, answer.answer) };
  caseFile.answers[answer.checkId] = {
    answer: answer.answer,
    at: now.toISOString(),
    from: 'paste',
    ...(answer.detail ? { detail: answer.detail } : {}),
  };
  const later = index > current.n - 1;
  if (later) {
    caseFile.pasted = {
      ...caseFile.pasted,
      [answer.checkId]: { answer: answer.answer, detail: answer.detail, why: [...finding.meaning] },
    };
  }
  const note = t.t(later ? 'paste.recordedLater' : 'paste.recorded', values);
  await sendVerdict(context, finding, caseFile, note);
  return index === current.n - 1 ? 'current' : 'handled';
}

/**
 * Sends the verdict card. One that offers "Remind me later" carries a token the remind command accepts: the
 * case file's current remind token (a summary's that still offers it), or a new one kept there.
 */
async function sendVerdict(
  context: TurnContext,
  finding: PasteFinding,
  caseFile: CaseFile,
  note?: string,
): Promise<void> {
  const { t } = turnServices(context);
  let remind;
  if (finding.offer === 'reminder') {
    caseFile.remindToken ??= randomUUID();
    remind = remindOffer(t, caseFile.remindToken);
  }
  await sendCard(context, renderVerdictCard(finding, t, { note, remind }));
}
