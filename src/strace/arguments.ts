// Finding where a syscall's argument list ends, without being fooled by what strace prints inside it.

const QUOTE = 34; // "
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const LESS_THAN = 60;
const BACKSLASH = 92;

// One entry per UTF-16 code unit: a table load is the cheapest per-character test V8 offers.
const WORD_CHARS = new Uint8Array(0x10000);
for (let code = 0; code < 128; code++) {
  const isWord = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  WORD_CHARS[code] = isWord ? 1 : 0;
}

/** Letters, digits and `_`: syscall names, and what can stand right before an fd decoration's `<`. */
export function isWordChar(code: number): boolean {
  return WORD_CHARS[code] === 1;
}

/** The index after the run of word characters starting at `from`. */
export function skipWordChars(line: string, from: number): number {
  const length = line.length;
  let i = from;
  while (i < length && WORD_CHARS[line.charCodeAt(i)] === 1) i++;
  return i;
}

/** Index of the `"` that closes a strace string whose first character is at `from`, or -1. */
export function stringEnd(line: string, from: number): number {
  let searchFrom = from;
  for (;;) {
    const quote = line.indexOf('"', searchFrom);
    if (quote < 0) return -1;
    let backslash = quote - 1;
    while (backslash >= from && line.charCodeAt(backslash) === BACKSLASH) backslash--;
    if ((quote - 1 - backslash) % 2 === 0) return quote;
    searchFrom = quote + 1;
  }
}

// `3</etc/x>` (-y), `AT_FDCWD</tmp>`, `123<comm>` (-Y): the path inside is printed unquoted and may hold
// `(`, `)` or ` = `; strace escapes `<` and `>` in it, so the next `>` ends it. `1<<CAP_X` is not one.
function opensDecoration(line: string, lessThan: number): boolean {
  return isWordChar(line.charCodeAt(lessThan - 1)) && line.charCodeAt(lessThan + 1) !== LESS_THAN;
}

// A global character-class regex searched with test() is the fastest "find the next of these
// characters" V8 offers: native scanning, no match array. Only ever used from `lastIndex`.
const NEXT_SPECIAL = /["()<\/]/g;

/**
 * Index of the `)` that closes an argument list whose text starts at `from` (just after its `(`,
 * or just after `resumed>`), or -1 when the line ends first. Skips strings (with escapes),
 * `/* comments *\/`, nested parentheses and `-y` fd decorations.
 */
export function argumentsEnd(line: string, from: number): number {
  if (line.charCodeAt(from) === CLOSE_PAREN) return from;
  let depth = 0;
  let next = from;
  for (;;) {
    NEXT_SPECIAL.lastIndex = next;
    if (!NEXT_SPECIAL.test(line)) return -1;
    const at = NEXT_SPECIAL.lastIndex - 1;
    const code = line.charCodeAt(at);
    next = at + 1;
    if (code === QUOTE) {
      const close = stringEnd(line, next);
      if (close < 0) return -1;
      next = close + 1;
    } else if (code === CLOSE_PAREN) {
      if (depth === 0) return at;
      depth--;
    } else if (code === OPEN_PAREN) {
      depth++;
    } else if (code === LESS_THAN) {
      if (opensDecoration(line, at)) {
        const close = line.indexOf('>', next);
        if (close < 0) return -1;
        next = close + 1;
      }
    } else if (line.charCodeAt(next) === STAR) {
      const close = line.indexOf('*/', next + 1);
      if (close < 0) return -1;
      next = close + 2;
    }
  }
}
