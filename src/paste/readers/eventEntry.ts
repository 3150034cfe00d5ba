/**
 * Event log entries: Event Viewer's "Copy details as text", `Get-WinEvent … | Format-List` (one or many
 * entries) and Get-WinEvent's default table. Explained as the event lookup does, plus the hr codes of 6329.
 */
import { LearnLinks } from '../../troubleshooting/links';
import { lookupEvent } from '../../troubleshooting/events';
import { listFields, splitLines, type ListField } from './fields';
import { englishEventLabels } from './windowsLabels';
import type { PasteFinding, PasteMark, TextLine } from './types';

const SOURCES = /^(PasswordResetService|ADSync|Directory Synchronization)$/i;
/** Informational events: the writeback service started, or its Service Bus heartbeat. */
const GOOD_EVENTS = new Set([31015, 31019]);
const HR_POLICY = /(?:0x|hr=)?8023061[9]\b/i;
const HR_FOREST = /(?:0x|hr=)?8023061f\b/i;

interface Entry {
  id: number;
  source?: string;
  message: string;
}

function eventIdOf(value: string | undefined): number | undefined {
  const match = /^(\d{3,5})\b/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Splits Format-List output into entries, whatever the order of the properties (`Format-List *` prints
 * Message first): an entry ends where one of its property names comes again.
 */
function listEntries(fields: readonly ListField[]): Entry[] {
  const records = [new Map<string, string>()];
  for (const field of fields) {
    const name = field.name.toLowerCase();
    if (records[records.length - 1].has(name)) records.push(new Map<string, string>());
    records[records.length - 1].set(name, field.value);
  }
  return records.flatMap((record) => {
    const id = eventIdOf(record.get('id') ?? record.get('event id') ?? record.get('eventid'));
    if (id === undefined) return [];
    const source = record.get('providername') ?? record.get('source');
    return [{ id, source, message: record.get('message') ?? record.get('description') ?? '' }];
  });
}

/** A row of Get-WinEvent's table up to its level: "time   id  level"; the message is the rest of the line. */
const TABLE_ROW =
  /^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?\s+(\d{3,5})\s+\S+/i;

/** Get-WinEvent's default table: "ProviderName: X" then rows "time   id  level   message". */
function tableEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let source: string | undefined;
  for (const line of splitLines(text)) {
    const provider = /^\s*ProviderName:\s*(\S.*)$/.exec(line);
    if (provider) {
      source = provider[1].trim();
      continue;
    }
    const row = TABLE_ROW.exec(line);
    if (row) entries.push({ id: Number(row[1]), source, message: line.slice(row[0].length).trim() });
  }
  return entries;
}

/** The XML view of an event (Details → XML View, or the "Event Xml:" part of Copy details as text). */
function xmlEntries(text: string): Entry[] {
  const id = /<EventID(?:\s[^<>]{0,100})?>\s*(\d{3,5})\s*<\/EventID>/i.exec(text);
  if (!id) return [];
  const source = /<Provider\s+Name=["']([^"'<>]{1,100})["']/i.exec(text)?.[1];
  const data = [...text.matchAll(/<Data(?:\s[^<>]{0,100})?>([^<]{0,2000})<\/Data>/gi)].map((m) => m[1]);
  return [{ id: Number(id[1]), source, message: data.join(' ') }];
}

/**
 * The Description of "Copy details as text": the lines after the first "Description:", up to "Event Xml:",
 * at most 4,000 characters. Cut by index: a lazy pattern bounded at 4,000 characters would scan that far
 * again from every further "Description:" line.
 */
function descriptionOf(text: string): string {
  const label = /(?:^|\n)Description:/i.exec(text);
  if (!label) return '';
  const rest = text.slice(label.index + label[0].length);
  const end = rest.search(/\nEvent Xml:/i);
  return (end < 0 ? rest : rest.slice(0, end)).trimStart().slice(0, 4000).trim();
}

function readEntries(raw: string): Entry[] {
  const text = englishEventLabels(raw);
  const fields = listFields(text);
  const fromList = listEntries(fields);
  if (fromList.length === 1 && !fromList[0].message) fromList[0].message = descriptionOf(text);
  if (
    fromList.length > 0 &&
    fields.some((f) => /^(providername|source|message|description|timecreated|log name)$/i.test(f.name))
  )
    return fromList;
  const fromTable = tableEntries(text);
  return fromTable.length > 0 ? fromTable : xmlEntries(text);
}

function markOf(id: number): PasteMark {
  if (GOOD_EVENTS.has(id)) return 'fine';
  return lookupEvent(id) ? 'problem' : 'unsure';
}

export function readEventEntry(text: string): PasteFinding | undefined {
  const entries = readEntries(text).filter((e) => !e.source || SOURCES.test(e.source) || lookupEvent(e.id));
  if (entries.length === 0) return undefined;
  // The entry to explain: the first writeback problem, else the first one we know, else the first.
  const main =
    entries.find((e) => markOf(e.id) === 'problem') ?? entries.find((e) => lookupEvent(e.id)) ?? entries[0];
  const event = lookupEvent(main.id);
  const ids = [...new Set(entries.map((e) => e.id))];
  const others = ids.filter((id) => id !== main.id);
  const source = event?.source ?? (main.source && SOURCES.test(main.source) ? main.source : '?');
  const title: TextLine = { key: 'events.title', values: { id: main.id, source } };
  const also: TextLine[] =
    others.length > 0 ? [{ key: 'paste.event.others', values: { ids: others.join(', ') } }] : [];
  if (!event) {
    return {
      kind: 'event',
      mark: 'unsure',
      title,
      meaning: [{ key: 'events.unknown', values: { id: main.id } }, ...also],
      action: [],
      learnUrl: LearnLinks.troubleshootWriteback,
      answers: [],
      eventIds: ids,
    };
  }
  const meaning: TextLine[] = [{ key: `events.${event.key}.meaning` }];
  let action: TextLine[] = [{ key: `events.${event.key}.action` }];
  let offer: PasteFinding['offer'] = event.reenableFixes ? 'reenable' : undefined;
  if (main.id === 6329 && HR_FOREST.test(main.message)) {
    meaning.push({ key: 'paste.event.hrForest', values: { code: '0x8023061f' } });
    action = [{ key: 'paste.event.hrForestAction' }];
    offer = 'reenable';
  } else if (main.id === 6329 && HR_POLICY.test(main.message)) {
    meaning.push({ key: 'paste.event.hrPolicy', values: { code: '0x80230619' } });
    action = [{ key: 'paste.event.hrPolicyAction' }];
    offer = undefined;
  }
  return {
    kind: 'event',
    mark: markOf(main.id),
    title,
    meaning: [...meaning, ...also],
    action,
    learnUrl: LearnLinks.troubleshootWriteback,
    answers: event.key === 'firewall' ? [{ checkId: 'firewall', answer: 'notOk', detail: `${main.id}` }] : [],
    offer,
    eventIds: ids,
  };
}
