// One strace output line → one TraceEvent. Runs once per traced syscall, so it scans with
// charCodeAt/indexOf (no regex over the line) and allocates only the event and its substrings.
// A line is read in place: `text` with the line's `start` and `end` (its newline, or text.length),
// so the stream parser hands over lines inside the chunk they arrived in without cutting them out.
// V8 reads a flat chunk string faster than the sliced strings that cutting makes.
// Helpers return a MalformedReason string instead of an event when they cannot read the line.
import type { MalformedEvent, SyscallResult, TraceEvent } from './events.js';
import { argumentsEnd, indexOfCode, indexWithin, skipWordChars } from './arguments.js';
import { parseResult, resultStart } from './result.js';

/** Why a line could not be read; parseLineAt turns it into a MalformedEvent holding the whole line. */
type MalformedReason = string;

const CARRIAGE_RETURN = 13;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const DOT = 46;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const QUESTION_MARK = 63;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const UNDERSCORE = 95;
const OPEN_PAREN = 40;
const PIPE = 124;
const LOWER_S = 115;

const MAX_PID_DIGITS = 10;
const UNFINISHED_SUFFIX = ' <unfinished ...>';
const RESUMED_PREFIX = '<... ';
const RESUMED_MARK = ' resumed>';
const PERSONALITY_PREFIX = '[ Process PID=';
const DIAGNOSTIC_PREFIX = 'strace: ';

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === UNDERSCORE;
}

function skipSpaces(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i;
}

function skipDigits(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return i;
}

// Callers pass at most MAX_PID_DIGITS digits, so the sum stays an exact integer.
function decimal(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (text.charCodeAt(i) - DIGIT_0);
  return value;
}

// `-Y` prints `1234<comm>`; comm is at most 15 characters, so look for its `>` close by.
function afterComm(text: string, digitsEnd: number, end: number): number {
  if (text.charCodeAt(digitsEnd) !== LESS_THAN || digitsEnd >= end) return digitsEnd;
  const close = indexOfCode(text, GREATER_THAN, digitsEnd + 1, Math.min(end, digitsEnd + 65));
  return close < 0 ? -1 : close + 1;
}

// `14:09:52`, `14:09:52.351556`, `1795874992.391953` or the -r `0.000063`: always a ':' or a '.'.
function timestampEnd(text: string, start: number, end: number): number {
  let separators = 0;
  let i = start;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON || code === DOT) separators++;
    else if (!isDigit(code)) break;
  }
  return separators > 0 && i < end && text.charCodeAt(i) === SPACE ? i : -1;
}

// -i prints 8 or 16 hex digits (`????????????????` when unknown); -n prints `[%4u]` (wider for x32).
function isInstructionPointer(text: string, start: number, end: number): boolean {
  const width = end - start;
  if (width !== 8 && width !== 16) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) | 0x20;
    if (!(isDigit(code) || (code >= 97 && code <= 102) || code === QUESTION_MARK)) return false;
  }
  return true;
}

/** `syscall_0x1ff` (strace ≥ 4.21) or `syscall_511` (older) → 511; undefined for any other name. */
export function numberFromName(name: string): number | undefined {
  if (!name.startsWith('syscall_') || name.length === 8) return undefined;
  const hex = name.startsWith('syscall_0x');
  const digits = name.slice(hex ? 10 : 8);
  if (digits.length === 0 || digits.length > 13 || !(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) return undefined;
  return Number.parseInt(digits, hex ? 16 : 10);
}

// Cheaper than endsWith: most call lines end in a digit, and the check stops at the last character.
function endsUnfinished(text: string, start: number, end: number): boolean {
  return (
    text.charCodeAt(end - 1) === GREATER_THAN &&
    text.charCodeAt(end - 2) === DOT &&
    end - UNFINISHED_SUFFIX.length >= start &&
    text.startsWith(UNFINISHED_SUFFIX, end - UNFINISHED_SUFFIX.length)
  );
}

function malformed(text: string, reason: string): MalformedEvent {
  return { kind: 'malformed', text, reason };
}

function parseSignal(text: string, start: number, end: number, pid: number | undefined): TraceEvent | MalformedReason {
  const nameStart = text.startsWith('stopped by ', start) ? start + 11 : start;
  let nameEnd = indexOfCode(text, SPACE, nameStart, end);
  if (nameEnd < 0) nameEnd = end;
  if (nameEnd <= nameStart) return 'signal line without a signal name';
  return { kind: 'signal', pid, signal: text.slice(nameStart, nameEnd) };
}

function parseExit(text: string, start: number, end: number, pid: number | undefined): TraceEvent | MalformedReason {
  if (text.startsWith('exited with ', start)) {
    const codeStart = start + 12;
    const codeEnd = skipDigits(text, codeStart, end);
    if (codeEnd > codeStart && codeEnd - codeStart <= MAX_PID_DIGITS) {
      return { kind: 'exit', pid, how: 'exited', code: decimal(text, codeStart, codeEnd) };
    }
  } else if (text.startsWith('killed by ', start)) {
    const signalStart = start + 10;
    const signalEnd = skipWordChars(text, signalStart, end);
    if (signalEnd > signalStart) return { kind: 'exit', pid, how: 'killed', signal: text.slice(signalStart, signalEnd) };
  } else if (text.startsWith('superseded by execve in pid ', start)) {
    const byStart = start + 28;
    const byEnd = skipDigits(text, byStart, end);
    if (byEnd > byStart && byEnd - byStart <= MAX_PID_DIGITS) {
      return { kind: 'exit', pid, how: 'superseded', byPid: decimal(text, byStart, byEnd) };
    }
  }
  return 'unknown +++ exit line';
}

function parsePersonality(text: string, start: number, end: number): TraceEvent | MalformedReason {
  const pidStart = start + PERSONALITY_PREFIX.length;
  const pidEnd = skipDigits(text, pidStart, end);
  if (pidEnd === pidStart || pidEnd - pidStart > MAX_PID_DIGITS || !text.startsWith(' runs in ', pidEnd)) {
    return 'unreadable personality line';
  }
  const modeStart = pidEnd + 9;
  const modeEnd = indexWithin(text, ' mode.', modeStart, end);
  const mode = modeEnd < 0 ? '' : text.slice(modeStart, modeEnd);
  if (mode !== '64 bit' && mode !== '32 bit' && mode !== 'x32') return `unknown personality "${mode.slice(0, 20)}"`;
  return { kind: 'personality', pid: decimal(text, pidStart, pidEnd), mode };
}

function parseResumed(text: string, start: number, end: number, pid: number | undefined, number: number | undefined): TraceEvent | MalformedReason {
  const nameStart = start + RESUMED_PREFIX.length;
  const nameEnd = skipWordChars(text, nameStart, end);
  // `<... read resumed>`: the name is a word; `<... ??? resumed>` is strace's unknown call.
  const mark = text.startsWith(RESUMED_MARK, nameEnd) ? nameEnd : indexWithin(text, RESUMED_MARK, nameStart, end);
  if (mark < 0) return 'no "resumed>" after "<... "';
  const name = text.slice(nameStart, mark);
  if (name === '???') return { kind: 'info', pid, text: text.slice(start, end) };
  if (mark !== nameEnd || !isNameStart(text.charCodeAt(nameStart))) return 'unreadable syscall name';
  let argsStart = mark + RESUMED_MARK.length;
  if (argsStart < end && text.charCodeAt(argsStart) === SPACE) argsStart++;
  const close = argumentsEnd(text, argsStart, end);
  let args: string;
  let result: SyscallResult | undefined;
  if (close >= 0) {
    const valueStart = resultStart(text, close, end);
    if (valueStart < 0) return 'no " = result" after the arguments';
    args = text.slice(argsStart, close);
    result = parseResult(text, valueStart, end);
  } else {
    const diagnostic = indexWithin(text, DIAGNOSTIC_PREFIX, argsStart, end);
    if (diagnostic < 0) return 'no closing parenthesis';
    args = text.slice(argsStart, diagnostic);
  }
  return number === undefined
    ? { kind: 'resumed', pid, name, args, result }
    : { kind: 'resumed', pid, name, number, args, result };
}

function parseCall(text: string, start: number, end: number, pid: number | undefined, printedNumber: number | undefined): TraceEvent | MalformedReason {
  const nameEnd = skipWordChars(text, start, end);
  if (nameEnd >= end || text.charCodeAt(nameEnd) !== OPEN_PAREN) return 'expected "name(" at the start of the syscall';
  const name = text.slice(start, nameEnd);
  const number = printedNumber ?? (nameEnd - start > 8 && text.charCodeAt(start) === LOWER_S ? numberFromName(name) : undefined);
  const argsStart = nameEnd + 1;
  if (endsUnfinished(text, start, end)) {
    const args = text.slice(argsStart, Math.max(argsStart, end - UNFINISHED_SUFFIX.length));
    return number === undefined ? { kind: 'unfinished', pid, name, args } : { kind: 'unfinished', pid, name, number, args };
  }
  const close = argumentsEnd(text, argsStart, end);
  if (close < 0) {
    // Without -o, a `strace: Process N attached` diagnostic can cut a call line in two.
    const diagnostic = indexWithin(text, DIAGNOSTIC_PREFIX, argsStart, end);
    if (diagnostic < 0) return 'no closing parenthesis';
    const args = text.slice(argsStart, diagnostic);
    return number === undefined ? { kind: 'unfinished', pid, name, args } : { kind: 'unfinished', pid, name, number, args };
  }
  const valueStart = resultStart(text, close, end);
  if (valueStart < 0) return 'no " = result" after the arguments';
  const args = text.slice(argsStart, close);
  const result = parseResult(text, valueStart, end);
  return number === undefined
    ? { kind: 'syscall', pid, name, args, result }
    : { kind: 'syscall', pid, name, number, args, result };
}

function parseBody(text: string, start: number, end: number, pid: number | undefined, number: number | undefined): TraceEvent | MalformedReason {
  if (start >= end) return 'prefix without a body';
  const first = text.charCodeAt(start);
  if (isNameStart(first)) {
    if (first === LOWER_S && text.startsWith(DIAGNOSTIC_PREFIX, start)) {
      if (text.startsWith(PERSONALITY_PREFIX, start + DIAGNOSTIC_PREFIX.length)) {
        return parsePersonality(text, start + DIAGNOSTIC_PREFIX.length, end);
      }
      return { kind: 'info', pid, text: text.slice(start, end) };
    }
    return parseCall(text, start, end, pid, number);
  }
  const second = start + 1 < end ? text.charCodeAt(start + 1) : Number.NaN;
  switch (first) {
    case LESS_THAN:
      if (text.startsWith(RESUMED_PREFIX, start)) return parseResumed(text, start, end, pid, number);
      if (text.startsWith('<detached ...>', start)) return { kind: 'info', pid, text: text.slice(start, end) };
      break;
    case MINUS:
      if (text.startsWith('--- ', start)) return parseSignal(text, start + 4, end, pid);
      break;
    case PLUS:
      if (text.startsWith('+++ ', start)) return parseExit(text, start + 4, end, pid);
      break;
    case LEFT_BRACKET:
      if (text.startsWith(PERSONALITY_PREFIX, start)) return parsePersonality(text, start, end);
      break;
    case GREATER_THAN:
    case PIPE:
      if (second === SPACE) return { kind: 'info', pid, text: text.slice(start, end) };
      break;
    case QUESTION_MARK:
      if (text.startsWith('???(', start)) return { kind: 'info', pid, text: text.slice(start, end) };
      break;
  }
  return 'not a strace line';
}

/**
 * A line the input ended inside (strace killed while writing it): when its `name(` got out, the call
 * was made, so it reads as an unfinished call; anything else stays malformed.
 */
export function parseCutLine(text: string): TraceEvent {
  const event = parseLine(text + UNFINISHED_SUFFIX);
  return event.kind === 'unfinished' ? event : malformed(text, 'cut off by the end of the input');
}

/**
 * Parses one line of strace output (without its newline; a trailing `\r` is ignored). Prefixes, in
 * strace's order: pid (`1234 `, `[pid 1234] `, with -Y `<comm>`), -t/-tt/-ttt time, -r delta
 * (alone or as `(+ 0.000063)`), -n `[ nr]`, -i `[addr]`. Never throws: what it cannot read is a
 * MalformedEvent.
 */
export function parseLine(line: string): TraceEvent {
  return parseLineAt(line, 0, line.length);
}

/**
 * parseLine for the line that occupies text[start, end) — `end` is its newline's index or
 * text.length, and the text must not go on with more of the same line after `end`.
 */
export function parseLineAt(text: string, start: number, lineEnd: number): TraceEvent {
  const end = lineEnd > start && text.charCodeAt(lineEnd - 1) === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd;
  if (end === start) return malformed('', 'empty line');
  const event = parseBodyAfterPrefixes(text, start, end);
  return typeof event === 'string' ? malformed(text.slice(start, end), event) : event;
}

function parseBodyAfterPrefixes(text: string, start: number, end: number): TraceEvent | MalformedReason {
  let pid: number | undefined;
  let number: number | undefined;
  let pos = start;

  if (text.charCodeAt(start) === LEFT_BRACKET && text.startsWith('[pid ', start)) {
    const digitsStart = skipSpaces(text, start + 5, end);
    const digitsEnd = skipDigits(text, digitsStart, end);
    const commEnd = afterComm(text, digitsEnd, end);
    if (digitsEnd === digitsStart || digitsEnd - digitsStart > MAX_PID_DIGITS || commEnd < 0 || commEnd >= end || text.charCodeAt(commEnd) !== RIGHT_BRACKET) {
      return 'unreadable "[pid N]" prefix';
    }
    pid = decimal(text, digitsStart, digitsEnd);
    pos = commEnd + 1;
  } else {
    let digitsEnd = start;
    let value = 0;
    for (let code = text.charCodeAt(start); digitsEnd < end && isDigit(code); code = text.charCodeAt(++digitsEnd)) value = value * 10 + (code - DIGIT_0);
    const digits = digitsEnd - start;
    if (digits > 0 && digits <= MAX_PID_DIGITS) {
      const commEnd = text.charCodeAt(digitsEnd) === LESS_THAN ? afterComm(text, digitsEnd, end) : digitsEnd;
      if (commEnd > 0 && commEnd < end && text.charCodeAt(commEnd) === SPACE) {
        pid = value;
        pos = commEnd;
      }
    }
  }
  pos = skipSpaces(text, pos, end);

  if (isDigit(text.charCodeAt(pos))) {
    const stampEnd = timestampEnd(text, pos, end);
    if (stampEnd > 0) pos = skipSpaces(text, stampEnd, end);
  }
  if (text.charCodeAt(pos) === OPEN_PAREN && text.charCodeAt(pos + 1) === PLUS && pos + 1 < end) {
    const close = indexWithin(text, ') ', pos + 2, Math.min(end, pos + 42));
    if (close < 0) return 'unreadable "(+ delta)" prefix';
    pos = skipSpaces(text, close + 1, end);
  }
  for (let bracket = 0; bracket < 2 && pos < end && text.charCodeAt(pos) === LEFT_BRACKET; bracket++) {
    const close = indexOfCode(text, RIGHT_BRACKET, pos + 1, Math.min(end, pos + 21));
    if (close < 0) break;
    const digitsStart = skipSpaces(text, pos + 1, close);
    const digitsEnd = skipDigits(text, digitsStart, close);
    const bare = digitsStart === pos + 1;
    if (digitsEnd === close && digitsEnd > digitsStart && digitsEnd - digitsStart <= MAX_PID_DIGITS && !(bare && isInstructionPointer(text, pos + 1, close))) {
      number = decimal(text, digitsStart, digitsEnd);
    } else if (!isInstructionPointer(text, pos + 1, close)) {
      break;
    }
    pos = skipSpaces(text, close + 1, end);
  }
  return parseBody(text, pos, end, pid, number);
}
