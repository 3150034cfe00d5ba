import assert from 'node:assert/strict';
import { readPaste, type Diagnosis, type PasteReading } from '../../../src/paste/readers';
import { MAX_PASTE_CHARS } from '../../../src/paste/readers/normalize';
import { splitTranscript } from '../../../src/paste/readers/transcript';
import * as F from './fixtures';
import {
  consoleSession,
  outputOf,
  SESSION_HEALTHY,
  SESSION_PROBLEMS,
  transcript51,
  transcript7,
} from './sessions';

function diagnosisOf(reading: PasteReading | undefined): Diagnosis {
  assert.equal(reading?.kind, 'diagnosis', JSON.stringify(reading).slice(0, 300));
  return (reading as { diagnosis: Diagnosis }).diagnosis;
}

const summary = (d: Diagnosis): string[] =>
  d.lines.map((l) => `${l.mark} ${l.checkId ?? l.finding.title.key}${l.value ? ` ${l.value}` : ''}`);

const PROBLEM_LINES = [
  'problem paste.scheduler.stagingTitle',
  'fine fullSync',
  'problem connectVersion 2.4.18.0',
  'problem firewall ssprdedicatedsbprodfra-1.servicebus.windows.net:443',
];

function checkProblems(d: Diagnosis): void {
  assert.deepEqual(summary(d), PROBLEM_LINES);
  // A staging server is expanded first: nothing else matters on it.
  assert.equal(d.first?.finding.title.key, 'paste.scheduler.stagingTitle');
  assert.deepEqual(d.unread, [{ command: 'Get-Service ADSync', reason: 'noReader' }]);
  assert.deepEqual(
    d.answers.map((a) => [a.checkId, a.answer]),
    [
      ['fullSync', 'ok'],
      ['connectVersion', 'notOk'],
      ['firewall', 'notOk'],
    ],
  );
}

describe('a whole console session in one paste', () => {
  const shapes: Array<[string, string]> = [
    ['Windows PowerShell 5.1 prompts', consoleSession(SESSION_PROBLEMS)],
    ['PowerShell 7 prompts with coloured labels', F.asPowerShell7(consoleSession(SESSION_PROBLEMS))],
    [
      'a remote session prompt ([CONNECT01]: PS …>)',
      consoleSession(SESSION_PROBLEMS, '[CONNECT01]: PS C:\\Users\\adm\\Documents> '),
    ],
    ['CRLF', F.withCrlf(consoleSession(SESSION_PROBLEMS))],
    ['Teams rich text (<p>, <br>, &nbsp;, entities)', F.asTeamsHtml(consoleSession(SESSION_PROBLEMS))],
    ['a pasted code block', F.asTeamsCodeBlock(consoleSession(SESSION_PROBLEMS))],
    ['a Windows PowerShell 5.1 Start-Transcript file', transcript51(SESSION_PROBLEMS)],
    ['a PowerShell 7 Start-Transcript file (CRLF)', F.withCrlf(transcript7(SESSION_PROBLEMS))],
  ];
  for (const [name, text] of shapes) {
    it(`${name}: a line per decided check, the staging server first, what was not read`, () =>
      checkProblems(diagnosisOf(readPaste(text))));
  }

  it('transcript headers and footers are not read as output, and say it was a transcript', () => {
    for (const text of [transcript51(SESSION_PROBLEMS), transcript7(SESSION_PROBLEMS)]) {
      const d = diagnosisOf(readPaste(text));
      assert.equal(d.transcriptFile, true);
      assert.equal(d.commandCount, SESSION_PROBLEMS.length + 1, 'the commands and Stop-Transcript');
      const split = splitTranscript(text.replace(/\r\n/g, '\n'));
      assert.ok(split.commands.every((c) => !/PSVersion|Start time|transcript start/.test(c.output)));
    }
  });

  it('a healthy active server: every check OK, both endpoints together decide the firewall check', () => {
    const d = diagnosisOf(readPaste(consoleSession(SESSION_HEALTHY)));
    assert.deepEqual(summary(d), [
      'fine paste.resetConfig.onTitle',
      // The scheduler and the run status both say the sync has finished: one line for the check.
      'fine fullSync',
      'fine connectVersion 2.5.79.0',
      'fine firewall passwordreset.microsoftonline.com, ssprdedicatedsbprodfra-1.servicebus.windows.net',
    ]);
    assert.equal(d.first, undefined);
    assert.deepEqual(d.unread, []);
  });

  it('the same command twice: the later output wins and both are named', () => {
    const text = consoleSession([
      ['Get-ADSyncScheduler', outputOf(F.SCHEDULER_STAGING_51)],
      [F.VERSION_COMMAND.split('\n')[0].replace(/^PS C:\\> /, ''), '2.5.79.0'],
      ['get-adsyncscheduler', outputOf(F.SCHEDULER_IDLE)],
    ]);
    const d = diagnosisOf(readPaste(text));
    assert.deepEqual(d.repeated, [{ command: 'get-adsyncscheduler', positions: [1, 3] }]);
    assert.ok(!summary(d).includes('problem paste.scheduler.stagingTitle'));
    assert.ok(summary(d).includes('fine fullSync'));
  });

  it('errors, empty output and output before the first prompt are listed, never guessed', () => {
    const text = `${outputOf(F.TNC_OK_51)}\n${consoleSession([
      [
        'Get-ADSyncScheduler',
        "Get-ADSyncScheduler : The term 'Get-ADSyncScheduler' is not recognized as the name of a cmdlet.\n    + CategoryInfo          : ObjectNotFound: (Get-ADSyncScheduler:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException",
      ],
      ['Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"', ''],
      [F.VERSION_COMMAND.split('\n')[0].replace(/^PS C:\\> /, ''), '2.5.79.0'],
      ['cd \\', ''],
    ])}`;
    const d = diagnosisOf(readPaste(text));
    assert.deepEqual(
      d.unread.map((u) => u.reason),
      ['failed', 'noOutput'],
    );
    // Output pasted before the first prompt is read when a reader knows it (here Test-NetConnection).
    assert.ok(summary(d).some((l) => l.startsWith('fine paste.tnc.okTitle')));
  });

  it('a cut paste says so, does not read the command the cut went through, and names the commands after it', () => {
    const head = consoleSession(SESSION_PROBLEMS.slice(0, 3));
    const long = `Get-WinEvent -LogName Application -MaxEvents 500 | Format-List`;
    const filler = Array.from({ length: 400 }, (_, i) => `Message     : entry ${i} ${'x'.repeat(40)}`).join(
      '\n',
    );
    const tail = consoleSession([
      ['Test-NetConnection passwordreset.microsoftonline.com -Port 443', outputOf(F.TNC_OK_51)],
      [
        'Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"',
        outputOf(F.RESET_CONFIG_OFF),
      ],
    ]);
    const text = `${head}\nPS C:\\Users\\adm> ${long}\n${filler}\n${tail}`;
    assert.ok(text.length > MAX_PASTE_CHARS);
    const d = diagnosisOf(readPaste(text));
    assert.deepEqual(d.cut, { limit: MAX_PASTE_CHARS, length: text.length });
    assert.deepEqual(d.unread, [
      { command: long, reason: 'cutOff' },
      { command: 'Test-NetConnection passwordreset.microsoftonline.com -Port 443', reason: 'afterCut' },
      {
        command: 'Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"',
        reason: 'afterCut',
      },
    ]);
    // What was before the cut is read as usual.
    assert.ok(summary(d).includes('problem connectVersion 2.4.18.0'));
    assert.ok(!summary(d).some((l) => l.includes('resetConfig')), 'nothing after the cut is read');
  });

  it('one command, or several of one reader (both endpoints, TLS keys), keeps the single verdict', () => {
    for (const text of [
      F.TNC_TWO_OK,
      F.TLS_NET_BOTH_OK,
      F.RUN_STATUS_IDLE,
      F.SCHEDULER_STAGING_51,
      F.EVENTS_MANY_LIST,
    ]) {
      assert.equal(readPaste(text)?.kind, 'finding', text.slice(0, 60));
    }
  });

  it('Get-WinEvent finding no event (its error id, in any language) is a ⚠ line, not an error', () => {
    const text = consoleSession([
      ['Get-ADSyncConnectorRunStatus', ''],
      [
        "Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'PasswordResetService', 'ADSync' } -MaxEvents 20",
        'Get-WinEvent : Es wurden keine Ereignisse gefunden, die den angegebenen Auswahlkriterien entsprechen.\n    + CategoryInfo          : ObjectNotFound: (:) [Get-WinEvent], Exception\n    + FullyQualifiedErrorId : NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand',
      ],
    ]);
    const d = diagnosisOf(readPaste(text));
    assert.ok(summary(d).includes('unsure paste.event.noneTitle'), summary(d).join('\n'));
    assert.deepEqual(d.unread, []);
  });

  it('stays linear on a hostile session (thousands of prompts, long prompt lines)', () => {
    const hostile = `${'PS C:\\> x\n'.repeat(3000)}PS ${'C'.repeat(5000)}\n${'>> y\n'.repeat(2000)}`;
    const started = process.hrtime.bigint();
    readPaste(hostile);
    readPaste(`${'PS C:\\'.repeat(10_000)}`);
    readPaste(`<p>${'PS C:\\&gt; Get-ADSyncScheduler<br>'.repeat(2000)}</p>`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `${ms} ms`);
  });
});

describe('non-English Windows Server', () => {
  it('Test-NetConnection warnings with a translated prefix (de, es, fr, ja, zh, ru) are read', () => {
    for (const prefix of ['WARNUNG:', 'ADVERTENCIA:', 'AVERTISSEMENT :', '警告:', 'ПРЕДУПРЕЖДЕНИЕ:']) {
      const blocked = readPaste(`${prefix} TCP connect to (20.42.73.208 : 443) failed`);
      assert.equal(blocked?.kind, 'finding', prefix);
      assert.equal(
        (blocked as { finding: { title: { key: string } } }).finding.title.key,
        'paste.tnc.blockedTitle',
      );
      const dns = readPaste(
        `${prefix} Name resolution of ssprdedicatedsbprodfra-1.servicebus.windows.net failed`,
      );
      assert.equal(
        (dns as { finding: { title: { key: string } } }).finding.title.key,
        'paste.tnc.dnsTitle',
        prefix,
      );
    }
  });

  /** "Copy details as text" of event 33004, with the labels of a localized Event Viewer. */
  const exportWith = (labels: [string, string, string, string, string, string]): string => {
    const [logName, source, eventId, level, description, sep] = labels;
    return [
      `${logName}${sep} Application`,
      `${source}${sep} PasswordResetService`,
      `${eventId}${sep} 33004`,
      `${level}${sep} Error`,
      `${description}${sep}`,
      'TrackingId: 6f2d3a1c, Reason: Synchronization Engine returned an error hr=80230626, message=The operation failed because the object has insufficient access rights.',
    ].join('\n');
  };
  const languages: Array<[string, [string, string, string, string, string, string]]> = [
    ['German', ['Protokollname', 'Quelle', 'Ereignis-ID', 'Ebene', 'Beschreibung', ':']],
    ['French', ['Nom du journal', 'Source', 'ID de l’événement', 'Niveau', 'Description', ' :']],
    ['Spanish', ['Nombre de registro', 'Origen', 'Id. del evento', 'Nivel', 'Descripción', ':']],
    ['Italian', ['Nome registro', 'Origine', 'ID evento', 'Livello', 'Descrizione', ':']],
    ['Portuguese (Brazil)', ['Nome do Log', 'Fonte', 'ID do Evento', 'Nível', 'Descrição', ':']],
    ['Japanese', ['ログの名前', 'ソース', 'イベント ID', 'レベル', '説明', ':']],
    ['Korean', ['로그 이름', '원본', '이벤트 ID', '수준', '설명', ':']],
    ['Russian', ['Имя журнала', 'Источник', 'Код события', 'Уровень', 'Описание', ':']],
    ['Dutch', ['Logboeknaam', 'Bron', 'Gebeurtenis-id', 'Niveau', 'Beschrijving', ':']],
    ['Polish', ['Nazwa dziennika', 'Źródło', 'Identyfikator zdarzenia', 'Poziom', 'Opis', ':']],
    ['Chinese (Traditional)', ['記錄檔名稱', '來源', '事件識別碼', '層級', '描述', ':']],
    ['Chinese (Simplified), full-width colons', ['日志名称', '来源', '事件 ID', '级别', '描述', '：']],
  ];
  for (const [language, labels] of languages) {
    it(`Event Viewer's text export in ${language} is read`, () => {
      const reading = readPaste(exportWith(labels));
      assert.equal(reading?.kind, 'finding', language);
      const finding = (reading as { finding: { title: { values?: Record<string, unknown> }; mark: string } })
        .finding;
      assert.equal(finding.title.values?.id, 33004);
      assert.equal(finding.mark, 'problem');
    });
  }

  it('labels of a language not listed are not guessed; the language-free Event Xml part still is read', () => {
    const swedish = exportWith(['Loggnamn', 'Källa', 'Händelse-ID', 'Nivå', 'Beskrivning', ':']);
    assert.notEqual(readPaste(swedish)?.kind, 'finding');
    const withXml = `${swedish}\n${F.EVENT_VIEWER_33004.slice(F.EVENT_VIEWER_33004.indexOf('<Event'))}`;
    const reading = readPaste(withXml) as { finding: { title: { values?: Record<string, unknown> } } };
    assert.equal(reading.finding.title.values?.id, 33004);
  });
});
