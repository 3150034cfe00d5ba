/**
 * Long runs that make a backtracking pattern slow when nothing matches at their end (issue 21): the
 * punctuation and whitespace a parser trims, markup and entities the paste normaliser decodes, digits and
 * letters, and pieces of the output shapes the paste readers look for, each repeated and then followed by
 * a letter no pattern expects there.
 */

/** The characters a command or paste reader trims, skips or splits on. */
export const PUNCTUATION_AND_WHITESPACE = [
  '.',
  ': ',
  ':',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  ' \n',
  '\n ',
  '\n\n ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '!',
  '?',
  ',',
  ';',
  '-',
  '- ',
  '/',
  '#',
  '*',
  '. ',
  '? ',
  '::',
  ' :',
] as const;

const OTHER_UNITS = [
  // markup and entities (Teams rich text)
  '<br>',
  '&nbsp;',
  '&#',
  '&#x',
  '<p ',
  '<p>',
  '<',
  '<at>',
  '<Data>',
  '<EventID>',
  // digits and letters
  '0',
  '1.',
  '1.1',
  '9 ',
  'a',
  'x ',
  'aB1_',
  '界',
  // the shapes of pasted output
  'PS C:\\> ',
  'PS C:\\',
  'ComputerName : ',
  'Name : value\n',
  '  continued\n',
  'WARNING: ',
  'WARNING: TCP connect to (',
  'Name resolution of ',
  'tnc ',
  'Test-NetConnection ',
  '-Port ',
  'Description:\n',
  'Log Name: ',
  'Enabled\n',
  'Enabled\n---\n',
  'Result\n',
  '------\n',
  '--- ',
  'Azure AD Connect ',
  'miiserver.exe ',
  'ProductVersion ',
  'HKEY_LOCAL_MACHINE\\',
  'Get-ItemProperty HKLM:\\',
  '    SchUseStrongCrypto    REG_DWORD    0x',
  'Property x does not exist at path ',
  "Cannot find path '",
  'ProviderName: ',
  'Registry::',
  'PSPath : Registry::',
  'reg query HKLM\\x /v ',
  '-Name ',
  '2024-01-01 10:00 ',
  '+ CategoryInfo ',
  '0x8023061',
  'hr=',
  // helpdesk text and log scrubbing
  'a@',
  'a.',
  'http',
  'www.',
  '${',
  '1. ',
  '+ ',
] as const;

const RUN_UNITS: readonly string[] = [...PUNCTUATION_AND_WHITESPACE, ...OTHER_UNITS];

/** `unit` repeated up to `length` characters in all, then `tail`. */
export function longRun(unit: string, length: number, tail = 'x'): string {
  const body = length - tail.length;
  return unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + tail;
}

export interface AdversarialText {
  readonly name: string;
  readonly text: string;
}

/**
 * The first lines of a paste that every reader takes up (a Test-NetConnection block, an event entry without
 * its description, a registry command), so that the run after them reaches the readers' deeper patterns.
 */
const PASTE_HEAD = [
  'PS C:\\> Test-NetConnection x.servicebus.windows.net -Port 443',
  'ComputerName     : x.servicebus.windows.net',
  'Log Name:      Application',
  'Source:        ADSync',
  'Event ID:      6329',
  'PS C:\\> Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
  '',
].join('\n');

/**
 * Every unit as a run of `length` characters in three shapes: bare, ending in a letter; bare, ending in a
 * line separator (U+2028, which `.` does not match) and a letter; inside a paste, where the first run ends
 * before the paste reader's cut at 20,000 characters and a second one fills the rest.
 */
export function adversarialTexts(length: number): AdversarialText[] {
  return RUN_UNITS.flatMap((unit) => {
    const shown = JSON.stringify(unit);
    const inPaste = `${PASTE_HEAD}${longRun(unit, 19_000)}\n`;
    return [
      { name: `${shown} × n + "x"`, text: longRun(unit, length) },
      { name: `${shown} × n + U+2028 "x"`, text: longRun(unit, length, '\u2028x') },
      { name: `paste with ${shown} × n`, text: inPaste + longRun(unit, length - inPaste.length) },
    ];
  });
}
