// One strace output line → one TraceEvent. Runs once per traced syscall, so it scans with
// charCodeAt/indexOf (no regex over the line) and allocates only the event and its substrings.
import type { MalformedEvent, SyscallResult, TraceEvent } from './events.js';
import { argumentsEnd, skipWordChars } from './arguments.js';
import { parseResult, resultStart } from './result.js';

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

function skipSpaces(line: string, from: number): number {
  let i = from;
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}

function skipDigits(line: string, from: number): number {
  let i = from;
  while (isDigit(line.charCodeAt(i))) i++;
  return i;
}

// Callers pass at most MAX_PID_DIGITS digits, so the sum stays an exact integer.
function decimal(line: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (line.charCodeAt(i) - DIGIT_0);
  return value;
}

// `-Y` prints `1234<comm>`; comm is at most 15 characters, so look for its `>` close by.
function afterComm(line: string, digitsEnd: number): number {
  if (line.charCodeAt(digitsEnd) !== LESS_THAN) return digitsEnd;
  const close = line.indexOf('>', digitsEnd + 1);
  return close < 0 || close - digitsEnd > 64 ? -1 : close + 1;
}

// `14:09:52`, `14:09:52.351556`, `1795874992.391953` or the -r `0.000063`: always a ':' or a '.'.
function timestampEnd(line: string, start: number): number {
  let separators = 0;
  let i = start;
  for (;; i++) {
    const code = line.charCodeAt(i);
    if (code === COLON || code === DOT) separators++;
    else if (!isDigit(code)) break;
  }
  return separators > 0 && line.charCodeAt(i) === SPACE ? i : -1;
}

// -i prints 8 or 16 hex digits (`????????????????` when unknown); -n prints `[%4u]` (wider for x32).
function isInstructionPointer(line: string, start: number, end: number): boolean {
  const width = end - start;
  if (width !== 8 && width !== 16) return false;
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i) | 0x20;
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
function endsUnfinished(line: string): boolean {
  const length = line.length;
  return line.charCodeAt(length - 1) === GREATER_THAN && line.charCodeAt(length - 2) === DOT && line.startsWith(UNFINISHED_SUFFIX, length - UNFINISHED_SUFFIX.length);
}

function malformed(text: string, reason: string): MalformedEvent {
  return { kind: 'malformed', text, reason };
}

function parseSignal(line: string, start: number, pid: number | undefined): TraceEvent {
  const nameStart = line.startsWith('stopped by ', start) ? start + 11 : start;
  let nameEnd = line.indexOf(' ', nameStart);
  if (nameEnd < 0) nameEnd = line.length;
  if (nameEnd === nameStart) return malformed(line, 'signal line without a signal name');
  return { kind: 'signal', pid, signal: line.slice(nameStart, nameEnd) };
}

function parseExit(line: string, start: number, pid: number | undefined): TraceEvent {
  if (line.startsWith('exited with ', start)) {
    const codeStart = start + 12;
    const codeEnd = skipDigits(line, codeStart);
    if (codeEnd > codeStart && codeEnd - codeStart <= MAX_PID_DIGITS) {
      return { kind: 'exit', pid, how: 'exited', code: decimal(line, codeStart, codeEnd) };
    }
  } else if (line.startsWith('killed by ', start)) {
    const signalStart = start + 10;
    const signalEnd = skipWordChars(line, signalStart);
    if (signalEnd > signalStart) return { kind: 'exit', pid, how: 'killed', signal: line.slice(signalStart, signalEnd) };
  } else if (line.startsWith('superseded by execve in pid ', start)) {
    const byStart = start + 28;
    const byEnd = skipDigits(line, byStart);
    if (byEnd > byStart && byEnd - byStart <= MAX_PID_DIGITS) {
      return { kind: 'exit', pid, how: 'superseded', byPid: decimal(line, byStart, byEnd) };
    }
  }
  return malformed(line, 'unknown +++ exit line');
}

function parsePersonality(line: string, start: number): TraceEvent {
  const pidStart = start + PERSONALITY_PREFIX.length;
  const pidEnd = skipDigits(line, pidStart);
  if (pidEnd === pidStart || pidEnd - pidStart > MAX_PID_DIGITS || !line.startsWith(' runs in ', pidEnd)) {
    return malformed(line, 'unreadable personality line');
  }
  const modeStart = pidEnd + 9;
  const modeEnd = line.indexOf(' mode.', modeStart);
  const mode = modeEnd < 0 ? '' : line.slice(modeStart, modeEnd);
  if (mode !== '64 bit' && mode !== '32 bit' && mode !== 'x32') return malformed(line, `unknown personality "${mode.slice(0, 20)}"`);
  return { kind: 'personality', pid: decimal(line, pidStart, pidEnd), mode };
}

function parseResumed(line: string, start: number, pid: number | undefined, number: number | undefined): TraceEvent {
  const nameStart = start + RESUMED_PREFIX.length;
  const mark = line.indexOf(RESUMED_MARK, nameStart);
  if (mark < 0) return malformed(line, 'no "resumed>" after "<... "');
  const name = line.slice(nameStart, mark);
  if (name === '???') return { kind: 'info', pid, text: line.slice(start) };
  if (!isNameStart(name.charCodeAt(0)) || skipWordChars(name, 0) !== name.length) return malformed(line, 'unreadable syscall name');
  let argsStart = mark + RESUMED_MARK.length;
  if (line.charCodeAt(argsStart) === SPACE) argsStart++;
  const close = argumentsEnd(line, argsStart);
  let args: string;
  let result: SyscallResult | undefined;
  if (close >= 0) {
    const valueStart = resultStart(line, close);
    if (valueStart < 0) return malformed(line, 'no " = result" after the arguments');
    args = line.slice(argsStart, close);
    result = parseResult(line, valueStart);
  } else {
    const diagnostic = line.indexOf(DIAGNOSTIC_PREFIX, argsStart);
    if (diagnostic < 0) return malformed(line, 'no closing parenthesis');
    args = line.slice(argsStart, diagnostic);
  }
  return number === undefined
    ? { kind: 'resumed', pid, name, args, result }
    : { kind: 'resumed', pid, name, number, args, result };
}

function parseCall(line: string, start: number, pid: number | undefined, printedNumber: number | undefined): TraceEvent {
  const nameEnd = skipWordChars(line, start);
  if (line.charCodeAt(nameEnd) !== OPEN_PAREN) return malformed(line, 'expected "name(" at the start of the syscall');
  const name = line.slice(start, nameEnd);
  const number = printedNumber ?? (nameEnd - start > 8 && line.charCodeAt(start) === LOWER_S ? numberFromName(name) : undefined);
  const argsStart = nameEnd + 1;
  if (endsUnfinished(line)) {
    const args = line.slice(argsStart, Math.max(argsStart, line.length - UNFINISHED_SUFFIX.length));
    return number === undefined ? { kind: 'unfinished', pid, name, args } : { kind: 'unfinished', pid, name, number, args };
  }
  const close = argumentsEnd(line, argsStart);
  if (close < 0) {
    // Without -o, a `strace: Process N attached` diagnostic can cut a call line in two.
    const diagnostic = line.indexOf(DIAGNOSTIC_PREFIX, argsStart);
    if (diagnostic < 0) return malformed(line, 'no closing parenthesis');
    const args = line.slice(argsStart, diagnostic);
    return number === undefined ? { kind: 'unfinished', pid, name, args } : { kind: 'unfinished', pid, name, number, args };
  }
  const valueStart = resultStart(line, close);
  if (valueStart < 0) return malformed(line, 'no " = result" after the arguments');
  const args = line.slice(argsStart, close);
  const result = parseResult(line, valueStart);
  return number === undefined
    ? { kind: 'syscall', pid, name, args, result }
    : { kind: 'syscall', pid, name, number, args, result };
}

function parseBody(line: string, start: number, pid: number | undefined, number: number | undefined): TraceEvent {
  const first = line.charCodeAt(start);
  if (isNameStart(first)) {
    if (first === LOWER_S && line.startsWith(DIAGNOSTIC_PREFIX, start)) {
      if (line.startsWith(PERSONALITY_PREFIX, start + DIAGNOSTIC_PREFIX.length)) {
        return parsePersonality(line, start + DIAGNOSTIC_PREFIX.length);
      }
      return { kind: 'info', pid, text: line.slice(start) };
    }
    return parseCall(line, start, pid, number);
  }
  const second = line.charCodeAt(start + 1);
  switch (first) {
    case LESS_THAN:
      if (line.startsWith(RESUMED_PREFIX, start)) return parseResumed(line, start, pid, number);
      if (line.startsWith('<detached ...>', start)) return { kind: 'info', pid, text: line.slice(start) };
      break;
    case MINUS:
      if (line.startsWith('--- ', start)) return parseSignal(line, start + 4, pid);
      break;
    case PLUS:
      if (line.startsWith('+++ ', start)) return parseExit(line, start + 4, pid);
      break;
    case LEFT_BRACKET:
      if (line.startsWith(PERSONALITY_PREFIX, start)) return parsePersonality(line, start);
      break;
    case GREATER_THAN:
    case PIPE:
      if (second === SPACE) return { kind: 'info', pid, text: line.slice(start) };
      break;
    case QUESTION_MARK:
      if (line.startsWith('???(', start)) return { kind: 'info', pid, text: line.slice(start) };
      break;
  }
  if (start >= line.length) return malformed(line, line.length === 0 ? 'empty line' : 'prefix without a body');
  return malformed(line, 'not a strace line');
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
export function parseLine(input: string): TraceEvent {
  const line = input.charCodeAt(input.length - 1) === CARRIAGE_RETURN ? input.slice(0, -1) : input;
  let pid: number | undefined;
  let number: number | undefined;
  let pos = 0;

  if (line.charCodeAt(0) === LEFT_BRACKET && line.startsWith('[pid ')) {
    const digitsStart = skipSpaces(line, 5);
    const digitsEnd = skipDigits(line, digitsStart);
    const commEnd = afterComm(line, digitsEnd);
    if (digitsEnd === digitsStart || digitsEnd - digitsStart > MAX_PID_DIGITS || commEnd < 0 || line.charCodeAt(commEnd) !== RIGHT_BRACKET) {
      return malformed(line, 'unreadable "[pid N]" prefix');
    }
    pid = decimal(line, digitsStart, digitsEnd);
    pos = commEnd + 1;
  } else {
    let digitsEnd = 0;
    let value = 0;
    for (let code = line.charCodeAt(0); isDigit(code); code = line.charCodeAt(++digitsEnd)) value = value * 10 + (code - DIGIT_0);
    if (digitsEnd > 0 && digitsEnd <= MAX_PID_DIGITS) {
      const commEnd = line.charCodeAt(digitsEnd) === LESS_THAN ? afterComm(line, digitsEnd) : digitsEnd;
      if (commEnd > 0 && line.charCodeAt(commEnd) === SPACE) {
        pid = value;
        pos = commEnd;
      }
    }
  }
  pos = skipSpaces(line, pos);

  if (isDigit(line.charCodeAt(pos))) {
    const end = timestampEnd(line, pos);
    if (end > 0) pos = skipSpaces(line, end);
  }
  if (line.charCodeAt(pos) === OPEN_PAREN && line.charCodeAt(pos + 1) === PLUS) {
    const close = line.indexOf(') ', pos + 2);
    if (close < 0 || close - pos > 40) return malformed(line, 'unreadable "(+ delta)" prefix');
    pos = skipSpaces(line, close + 1);
  }
  for (let bracket = 0; bracket < 2 && line.charCodeAt(pos) === LEFT_BRACKET; bracket++) {
    const close = line.indexOf(']', pos + 1);
    if (close < 0 || close - pos > 20) break;
    const digitsStart = skipSpaces(line, pos + 1);
    const digitsEnd = skipDigits(line, digitsStart);
    const bare = digitsStart === pos + 1;
    if (digitsEnd === close && digitsEnd > digitsStart && digitsEnd - digitsStart <= MAX_PID_DIGITS && !(bare && isInstructionPointer(line, pos + 1, close))) {
      number = decimal(line, digitsStart, digitsEnd);
    } else if (!isInstructionPointer(line, pos + 1, close)) {
      break;
    }
    pos = skipSpaces(line, close + 1);
  }
  return parseBody(line, pos, pid, number);
}
