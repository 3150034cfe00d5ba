/**
 * A console session as admins paste it: copied from a PowerShell window (`PS C:\Users\adm> command` lines)
 * or a Start-Transcript file (Windows PowerShell 5.1 and PowerShell 7 headers and footers), split into the
 * commands typed and what each printed. Input is already normalised (LF, no HTML); every pattern is linear.
 */

export interface TranscriptCommand {
  /** 1-based position among the commands of the paste. */
  readonly n: number;
  /** As typed (continuation lines joined by a newline); '' for output pasted before any prompt. */
  readonly command: string;
  /** What it printed, up to the next prompt. */
  readonly output: string;
}

export interface Transcript {
  readonly commands: readonly TranscriptCommand[];
  /** A Start-Transcript header or footer was found (and removed). */
  readonly transcriptFile: boolean;
}

const MAX_COMMAND_CHARS = 500;
const MAX_COMMANDS = 80;

/**
 * A prompt line: "PS C:\Users\adm> cmd", "PS HKLM:\SOFTWARE> cmd", "PS C:\>> cmd" (nested), a remote
 * session's "[CONNECT01]: PS C:\> cmd", or an empty prompt (the end of the previous command's output).
 * "PS>TerminatingError(…)" in a transcript is an error record, not a prompt.
 */
const PROMPT = /^ {0,8}(?:\[[^\]\n]{1,100}\]: )?PS(?: [^>\n]{1,200})?>{1,3}(?: (.*))?$/;

/** Lines of asterisks frame Start-Transcript's header, footer and invocation headers. */
const FRAME = /^\*{10,}$/;
const FRAMED_BLOCK =
  /^(?:Windows PowerShell transcript (?:start|end)|PowerShell transcript (?:start|end)|Command start time:)/;
const TRANSCRIPT_NOTE = /^Transcript (?:started|stopped), output file is /;

/** Removes Start-Transcript's framed blocks and its "Transcript started" notes. */
function withoutTranscriptFrames(lines: readonly string[]): { lines: string[]; found: boolean } {
  const kept: string[] = [];
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (FRAME.test(line) && FRAMED_BLOCK.test((lines[i + 1] ?? '').trim())) {
      found = true;
      let end = i + 1;
      while (end < lines.length && end - i < 40 && !FRAME.test(lines[end].trim())) end++;
      i = end;
      continue;
    }
    if (TRANSCRIPT_NOTE.test(line)) {
      found = true;
      continue;
    }
    kept.push(lines[i]);
  }
  return { lines: kept, found };
}

const cutCommand = (command: string): string =>
  command.length > MAX_COMMAND_CHARS ? command.slice(0, MAX_COMMAND_CHARS) : command;

export function splitTranscript(text: string): Transcript {
  const { lines, found } = withoutTranscriptFrames(text.split('\n'));
  const commands: TranscriptCommand[] = [];
  let command: string | undefined;
  let output: string[] = [];
  let continuing = false;
  const flush = (): void => {
    const printed = output.join('\n').trim();
    if (command !== undefined && command !== '') {
      commands.push({ n: commands.length + 1, command: cutCommand(command), output: printed });
    } else if (printed) {
      commands.push({ n: commands.length + 1, command: '', output: printed });
    }
    output = [];
  };
  for (const line of lines) {
    const prompt = PROMPT.exec(line);
    if (prompt) {
      flush();
      command = (prompt[1] ?? '').trim();
      continuing = command !== '';
      if (commands.length >= MAX_COMMANDS) break;
      continue;
    }
    // A command typed over several lines: PowerShell shows ">> " before each continuation line.
    if (continuing && command !== undefined && /^>> ?/.test(line)) {
      command = `${command}\n${line.replace(/^>> ?/, '').trim()}`;
      continue;
    }
    continuing = false;
    output.push(line);
  }
  if (commands.length < MAX_COMMANDS) flush();
  return { commands, transcriptFile: found };
}

/** The commands typed in a piece of a session (the part after a cut), for naming what was not read. */
export function commandsTyped(text: string): string[] {
  return splitTranscript(text)
    .commands.map((c) => c.command)
    .filter((c) => c !== '' && !c.startsWith('#'));
}

/** The segment as the single-paste readers expect it: a plain prompt line, then the output. */
export const asPasted = (command: TranscriptCommand): string =>
  command.command ? `PS C:\\> ${command.command}\n${command.output}` : command.output;
