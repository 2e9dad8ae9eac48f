// The ` = value [ERRNO (text)] [<0.000019>]` tail of a syscall line.
import type { SyscallResult } from './events.js';
import { indexWithin, isWordChar } from './arguments.js';

const SPACE = 32;
const OPEN_PAREN = 40;
const EQUALS = 61;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const UPPER_A = 65;
const UPPER_E = 69;
const UPPER_Z = 90;
const UNDERSCORE = 95;

/** Index of the first character of the result value after `)`, `) = ` padded or not, or -1 when absent before `end`. */
export function resultStart(line: string, closeParen: number, end: number = line.length): number {
  let i = closeParen + 1;
  while (i < end && line.charCodeAt(i) === SPACE) i++;
  if (i + 2 >= end || line.charCodeAt(i) !== EQUALS || line.charCodeAt(i + 1) !== SPACE) return -1;
  return i + 2;
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

// `-T` appends ` <0.000019>`: digits and a dot between ` <` and `>`.
function endWithoutDuration(line: string, start: number, end: number): number {
  if (line.charCodeAt(end - 1) !== GREATER_THAN) return end;
  let i = end - 2;
  while (i > start && (isDigit(line.charCodeAt(i)) || line.charCodeAt(i) === DOT)) i--;
  return i < end - 2 && i - 1 >= start && line.charCodeAt(i) === LESS_THAN && line.charCodeAt(i - 1) === SPACE ? i - 1 : end;
}

// `3</dev/null<char 1:3>>` nests, and `-yy` sockets print `->` inside: count `<`/`>` pairs, skip `->`.
function decorationEnd(line: string, lessThan: number, end: number): number {
  let depth = 0;
  for (let i = lessThan; i < end; i++) {
    const code = line.charCodeAt(i);
    if (code === LESS_THAN) depth++;
    else if (code === GREATER_THAN && line.charCodeAt(i - 1) !== MINUS && --depth === 0) return i + 1;
  }
  return end;
}

function valueEnd(line: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const code = line.charCodeAt(i);
    if (code === SPACE) return i;
    if (code === LESS_THAN && i > start && isWordChar(line.charCodeAt(i - 1))) i = decorationEnd(line, i, end);
    else i++;
  }
  return end;
}

function errnoNameEnd(line: string, start: number, end: number): number {
  if (line.charCodeAt(start) !== UPPER_E) return -1;
  let i = start + 1;
  for (; i < end; i++) {
    const code = line.charCodeAt(i);
    if (code === SPACE) break;
    if (!((code >= UPPER_A && code <= UPPER_Z) || isDigit(code) || code === UNDERSCORE)) return -1;
  }
  return i;
}

/**
 * The result whose value starts at `start`: `0`, `-1 ENOENT (…)`, `? ERESTARTSYS (…)`, `3</etc/x>`,
 * `1 (in [3])`, `-1 (errno 600) (INJECTED)`. Undefined for `? <unavailable>` (strace could not read it).
 */
export function parseResult(line: string, start: number, lineEnd: number = line.length): SyscallResult | undefined {
  const end = endWithoutDuration(line, start, lineEnd);
  const valueStop = valueEnd(line, start, end);
  const value = line.slice(start, valueStop);
  const detailStart = valueStop + 1;
  if (detailStart >= end) return { value };
  const errnoEnd = errnoNameEnd(line, detailStart, end);
  if (errnoEnd > detailStart + 1) return { value, errno: line.slice(detailStart, errnoEnd) };
  if (line.charCodeAt(detailStart) === OPEN_PAREN && line.startsWith('(errno ', detailStart)) {
    const close = indexWithin(line, ')', detailStart, end);
    if (close > 0) return { value, errno: line.slice(detailStart + 1, close) };
  }
  if (value === '?' && line.startsWith('<unavailable>', detailStart)) return undefined;
  return { value };
}
