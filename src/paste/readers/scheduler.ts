/** Get-ADSyncScheduler and Get-ADSyncConnectorRunStatus on the Microsoft Entra Connect server. */
import { LearnLinks } from '../../troubleshooting/links';
import { boolValue, columnValue, commandLines, fieldValue, listFields, splitLines } from './fields';
import type { PasteFinding, PasteMark } from './types';

const SCHEDULER_FIELDS = [
  'SyncCycleInProgress',
  'StagingModeEnabled',
  'SyncCycleEnabled',
  'SchedulerSuspended',
  'NextSyncCyclePolicyType',
  'AllowedSyncCycleInterval',
];

function schedulerFinding(
  name: string,
  mark: PasteMark,
  extra: Partial<PasteFinding> = {},
  values: Record<string, string> = {},
): PasteFinding {
  return {
    kind: 'scheduler',
    mark,
    title: { key: `paste.scheduler.${name}Title`, values },
    meaning: [{ key: `paste.scheduler.${name}Meaning`, values }],
    action: [{ key: `paste.scheduler.${name}Action`, values }],
    learnUrl: LearnLinks.syncScheduler,
    answers: [],
    ...extra,
  };
}

export function readScheduler(text: string): PasteFinding | undefined {
  const fields = listFields(text);
  const known = SCHEDULER_FIELDS.filter((name) => fieldValue(fields, name) !== undefined);
  if (known.length < 2) return undefined;
  const staging = boolValue(fieldValue(fields, 'StagingModeEnabled'));
  const inProgress = boolValue(fieldValue(fields, 'SyncCycleInProgress'));
  const enabled = boolValue(fieldValue(fields, 'SyncCycleEnabled'));
  const suspended = boolValue(fieldValue(fields, 'SchedulerSuspended'));
  const policy = fieldValue(fields, 'NextSyncCyclePolicyType');

  // Staging mode first: whatever else the scheduler says, this server never writes passwords back.
  if (staging === true) return schedulerFinding('staging', 'problem', { learnUrl: LearnLinks.stagingServer });
  if (inProgress === true) return schedulerFinding('running', 'unsure', { offer: 'reminder' });
  if (suspended === true) return schedulerFinding('suspended', 'unsure');
  if (enabled === false) return schedulerFinding('disabled', 'unsure');
  if (/^initial$/i.test(policy ?? ''))
    return schedulerFinding('initialNext', 'unsure', { offer: 'reminder' });
  if (inProgress === false)
    return schedulerFinding('idle', 'fine', { answers: [{ checkId: 'fullSync', answer: 'ok' }] });
  return undefined;
}

/**
 * Get-ADSyncConnectorRunStatus prints one row per running connector (RunState Busy) and nothing at all
 * when every connector is idle, so an empty result under the pasted command means "idle".
 */
export function readRunStatus(text: string): PasteFinding | undefined {
  const lines = splitLines(text);
  const ranCommand = commandLines(text).some((c) => /^Get-ADSyncConnectorRunStatus\b/i.test(c));
  const header = lines.findIndex((l) => /\bRunState\b/.test(l) && /\bConnectorName\b/.test(l));
  const listState = fieldValue(listFields(text), 'RunState');
  if (header < 0 && listState === undefined && !ranCommand) return undefined;

  const rows = header >= 0 ? lines.slice(header + 1).filter((l) => l.trim() && !/^[\s-]+$/.test(l)) : [];
  const busyRow = rows.find((l) => /\bBusy\b/.test(l) && !/^\s*PS [A-Za-z]:/.test(l));
  const busy = busyRow !== undefined || /^busy$/i.test(listState ?? '');
  if (busy) {
    return {
      kind: 'runStatus',
      mark: 'unsure',
      title: { key: 'paste.runStatus.busyTitle' },
      meaning: [{ key: 'paste.runStatus.busyMeaning' }],
      action: [{ key: 'paste.runStatus.busyAction' }],
      learnUrl: LearnLinks.syncScheduler,
      answers: [],
      offer: 'reminder',
    };
  }
  // A table without a Busy row, or nothing at all under the command: every connector is idle.
  const output = lines.filter((l) => l.trim() && !/^\s*PS [A-Za-z]:/.test(l));
  const idle = header >= 0 || /^idle$/i.test(listState ?? '') || (ranCommand && output.length === 0);
  if (!idle) return undefined;
  return {
    kind: 'runStatus',
    mark: 'fine',
    title: { key: 'paste.runStatus.idleTitle' },
    meaning: [{ key: 'paste.runStatus.idleMeaning' }],
    action: [{ key: 'paste.runStatus.idleAction' }],
    learnUrl: LearnLinks.syncScheduler,
    answers: [{ checkId: 'fullSync', answer: 'ok' }],
  };
}

/** Start-ADSyncSyncCycle: "Result / Success" means a cycle has just started; "already running" means busy. */
export function readSyncCycleStart(text: string): PasteFinding | undefined {
  const started = /^success$/i.test(columnValue(text, 'Result') ?? '');
  const ran = /Start-ADSyncSyncCycle/i.test(text);
  const busy = ran && /(Sync is already running|is busy|already in progress)/i.test(text);
  if (busy) return schedulerFinding('running', 'unsure', { offer: 'reminder' });
  if (ran && /Scheduler is already suspended/i.test(text)) return schedulerFinding('suspended', 'unsure');
  if (!started) return undefined;
  return {
    kind: 'scheduler',
    mark: 'unsure',
    title: { key: 'paste.syncStart.title' },
    meaning: [{ key: 'paste.syncStart.meaning' }],
    action: [{ key: 'paste.syncStart.action' }],
    learnUrl: LearnLinks.syncScheduler,
    answers: [],
    offer: 'reminder',
  };
}
