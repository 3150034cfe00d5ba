/**
 * What non-English Windows Server prints differently, mapped to the English the readers know.
 *
 * - Test-NetConnection's warnings keep their English text ("TCP connect to (…) failed", "Name resolution of
 *   … failed") in every language seen; only PowerShell's "WARNING:" prefix is translated.
 * - Event Viewer's "Copy details as text" translates its labels ("Log Name:", "Event ID:"…); the values,
 *   the XML and Get-WinEvent's property names stay English.
 *
 * Only labels seen in real exports of Windows in that language are listed. A label that is not listed is
 * left as it is, so that entry is not read and the paste says so; nothing is guessed from a near match.
 * Windows Server UI languages not covered yet: Swedish, Turkish, Czech, Hungarian, Portuguese (Portugal).
 */

/** PowerShell's translated "WARNING:" prefix (warning stream), by language. */
const WARNING_PREFIXES: readonly string[] = [
  'WARNUNG', // de
  'ADVERTENCIA', // es
  'AVERTISSEMENT', // fr
  '警告', // ja, zh-CN, zh-TW
  'ПРЕДУПРЕЖДЕНИЕ', // ru
];

/** Event Viewer labels, translated → English (the English ones are listed once, under `english`). */
const EVENT_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  de: {
    Protokollname: 'Log Name',
    Quelle: 'Source',
    Datum: 'Date',
    'Ereignis-ID': 'Event ID',
    Aufgabenkategorie: 'Task Category',
    Ebene: 'Level',
    Beschreibung: 'Description',
    'Ereignis-XML': 'Event Xml',
  },
  es: {
    'Nombre de registro': 'Log Name',
    Origen: 'Source',
    Fecha: 'Date',
    'Id. del evento': 'Event ID',
    'Id. de evento': 'Event ID',
    'Categoría de la tarea': 'Task Category',
    Nivel: 'Level',
    Descripción: 'Description',
    'Xml del evento': 'Event Xml',
  },
  fr: {
    'Nom du journal': 'Log Name',
    Source: 'Source',
    Date: 'Date',
    'ID de l’événement': 'Event ID',
    "ID de l'événement": 'Event ID',
    Niveau: 'Level',
    Description: 'Description',
  },
  it: {
    'Nome registro': 'Log Name',
    Origine: 'Source',
    'ID evento': 'Event ID',
    'Categoria attività': 'Task Category',
    Livello: 'Level',
    Descrizione: 'Description',
  },
  ja: {
    ログの名前: 'Log Name',
    ソース: 'Source',
    日付: 'Date',
    'イベント ID': 'Event ID',
    タスクのカテゴリ: 'Task Category',
    レベル: 'Level',
    説明: 'Description',
    'イベント XML': 'Event Xml',
  },
  ko: {
    '로그 이름': 'Log Name',
    원본: 'Source',
    '이벤트 ID': 'Event ID',
    '태스크 범주': 'Task Category',
    수준: 'Level',
    설명: 'Description',
  },
  nl: {
    Logboeknaam: 'Log Name',
    Bron: 'Source',
    'Gebeurtenis-id': 'Event ID',
    'Gebeurtenis-ID': 'Event ID',
    Taakcategorie: 'Task Category',
    Niveau: 'Level',
    Beschrijving: 'Description',
  },
  pl: {
    'Nazwa dziennika': 'Log Name',
    Źródło: 'Source',
    'Identyfikator zdarzenia': 'Event ID',
    'Kategoria zadania': 'Task Category',
    Poziom: 'Level',
    Opis: 'Description',
  },
  'pt-BR': {
    'Nome do Log': 'Log Name',
    'Nome do log': 'Log Name',
    Fonte: 'Source',
    'ID do Evento': 'Event ID',
    'ID do evento': 'Event ID',
    'Categoria da Tarefa': 'Task Category',
    'Categoria da tarefa': 'Task Category',
    Nível: 'Level',
    Descrição: 'Description',
  },
  ru: {
    'Имя журнала': 'Log Name',
    Источник: 'Source',
    'Код события': 'Event ID',
    'Идентификатор события': 'Event ID',
    'Категория задачи': 'Task Category',
    Уровень: 'Level',
    Описание: 'Description',
  },
  'zh-CN': {
    日志名称: 'Log Name',
    来源: 'Source',
    日期: 'Date',
    '事件 ID': 'Event ID',
    事件ID: 'Event ID',
    任务类别: 'Task Category',
    级别: 'Level',
    描述: 'Description',
    '事件 Xml': 'Event Xml',
    事件Xml: 'Event Xml',
  },
  'zh-TW': {
    記錄檔名稱: 'Log Name',
    來源: 'Source',
    日期: 'Date',
    事件識別碼: 'Event ID',
    工作類別: 'Task Category',
    層級: 'Level',
    描述: 'Description',
  },
};

/** Every translated label, longest first (so "Id. del evento" is tried before a shorter label it starts with). */
const LABELS: ReadonlyArray<[string, string]> = Object.values(EVENT_LABELS)
  .flatMap((table) => Object.entries(table))
  .sort((a, b) => b[0].length - a[0].length);

/** Colons as Windows prints them after a label: ASCII, full-width (CJK), and French with a space before. */
function labelEnd(line: string, at: number): number | undefined {
  let i = at;
  if (line[i] === ' ' || line[i] === '\u00a0') i += 1;
  return line[i] === ':' || line[i] === '：' ? i + 1 : undefined;
}

/** One line with a translated label at its start → the English label; any other line as it is. */
function englishLabelLine(line: string): string {
  for (const [label, english] of LABELS) {
    if (!line.startsWith(label)) continue;
    const end = labelEnd(line, label.length);
    if (end !== undefined) return `${english}:${line.slice(end)}`;
  }
  return line;
}

/** A translated "WARNING:" prefix → "WARNING:". */
function englishWarningLine(line: string): string {
  const start = line.length - line.trimStart().length;
  for (const prefix of WARNING_PREFIXES) {
    if (!line.startsWith(prefix, start)) continue;
    const end = labelEnd(line, start + prefix.length);
    if (end !== undefined) return `${line.slice(0, start)}WARNING:${line.slice(end)}`;
  }
  return line;
}

/** Event Viewer labels of a non-English Windows → English ones, line by line (labels start a line). */
export function englishEventLabels(text: string): string {
  return text.split('\n').map(englishLabelLine).join('\n');
}

/** Translated labels and warning prefixes → the English the readers know. Linear: one pass per line. */
export function englishWindowsText(text: string): string {
  return text
    .split('\n')
    .map((line) => englishWarningLine(englishLabelLine(line)))
    .join('\n');
}
