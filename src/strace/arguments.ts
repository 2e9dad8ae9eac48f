// Finding where a syscall's argument list ends, without being fooled by what strace prints inside it.
// Every scan takes the line as `text` plus an `end` index: the parser reads lines in place, inside the
// chunk they arrived in, and never looks past a line's end.

const QUOTE = 34; // "
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const SLASH = 47;
const LESS_THAN = 60;
const GREATER_THAN = 62;
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

/** The index after the run of word characters starting at `from`, stopping at `end`. */
export function skipWordChars(text: string, from: number, end: number = text.length): number {
  let i = from;
  while (i < end && WORD_CHARS[text.charCodeAt(i)] === 1) i++;
  return i;
}

/** Index of the first `code` in [from, end), or -1. For short distances, where a native search could run on past `end`. */
export function indexOfCode(text: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/**
 * Index of `needle` inside [from, end), or -1. The search runs over a slice, so it never reads past
 * `end`: a line with no match costs its own length, not the rest of its chunk.
 */
export function indexWithin(text: string, needle: string, from: number, end: number): number {
  if (end - from < needle.length) return -1;
  const at = text.slice(from, end).indexOf(needle);
  return at < 0 ? -1 : from + at;
}

/** Index of the `"` that closes a strace string whose first character is at `from`, or -1 before `end`. */
export function stringEnd(text: string, from: number, end: number = text.length): number {
  let searchFrom = from;
  for (;;) {
    // Runs past `end` at most to the next `"`, which the next string's own search starts from: linear.
    const quote = text.indexOf('"', searchFrom);
    if (quote < 0 || quote >= end) return -1;
    let backslash = quote - 1;
    while (backslash >= from && text.charCodeAt(backslash) === BACKSLASH) backslash--;
    if ((quote - 1 - backslash) % 2 === 0) return quote;
    searchFrom = quote + 1;
  }
}

// `3</etc/x>` (-y), `AT_FDCWD</tmp>`, `123<comm>` (-Y): the path inside is printed unquoted and may hold
// `(`, `)` or ` = `; strace escapes `<` and `>` in it, so the next `>` ends it. `1<<CAP_X` is not one.
function opensDecoration(text: string, lessThan: number): boolean {
  return isWordChar(text.charCodeAt(lessThan - 1)) && text.charCodeAt(lessThan + 1) !== LESS_THAN;
}

function commentEnd(text: string, from: number, end: number): number {
  for (let star = indexOfCode(text, STAR, from, end); star >= 0; star = indexOfCode(text, STAR, star + 1, end)) {
    if (text.charCodeAt(star + 1) === SLASH && star + 1 < end) return star;
  }
  return -1;
}

// A global character-class regex searched with test() is the fastest "find the next of these
// characters" V8 offers: native scanning, no match array. Only ever used from `lastIndex`. The
// newline stops it at the end of the line when the line sits inside its chunk.
const NEXT_SPECIAL = /["()<\/\n]/g;

/**
 * Index of the `)` that closes an argument list whose text starts at `from` (just after its `(`,
 * or just after `resumed>`), or -1 when the line (ending at `end`) ends first. Skips strings (with
 * escapes), `/* comments *\/`, nested parentheses and `-y` fd decorations.
 */
export function argumentsEnd(text: string, from: number, end: number = text.length): number {
  if (text.charCodeAt(from) === CLOSE_PAREN && from < end) return from;
  let depth = 0;
  let next = from;
  for (;;) {
    NEXT_SPECIAL.lastIndex = next;
    if (!NEXT_SPECIAL.test(text)) return -1;
    const at = NEXT_SPECIAL.lastIndex - 1;
    if (at >= end) return -1;
    const code = text.charCodeAt(at);
    next = at + 1;
    if (code === QUOTE) {
      const close = stringEnd(text, next, end);
      if (close < 0) return -1;
      next = close + 1;
    } else if (code === CLOSE_PAREN) {
      if (depth === 0) return at;
      depth--;
    } else if (code === OPEN_PAREN) {
      depth++;
    } else if (code === LESS_THAN) {
      if (opensDecoration(text, at)) {
        const close = indexOfCode(text, GREATER_THAN, next, end);
        if (close < 0) return -1;
        next = close + 1;
      }
    } else if (code === SLASH && text.charCodeAt(next) === STAR && next < end) {
      const close = commentEnd(text, next + 1, end);
      if (close < 0) return -1;
      next = close + 2;
    }
    // Anything else (a newline inside [from, end), a `/` alone) is an ordinary character.
  }
}
