// split2 keeps an unterminated line as a string and prepends it to every new chunk before splitting
// again, so one 20 MB line costs seconds per chunk. Given as split2's matcher, this splitter lets
// split2 keep ordinary tails but takes over a long one (as parts, joined once at its newline).

const LONG_TAIL = 64 * 1024;

/**
 * Longer lines are cut to their first MAX_LINE_LENGTH characters: strace never writes one, and
 * joining an endless one (a device, a binary file without newlines) would exceed V8's string limit.
 */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

export class LineSplitter {
  #parts: string[] = [];
  #held = 0;
  #endsInsideLine = false;
  /** Characters dropped from lines longer than MAX_LINE_LENGTH, so byte counts stay right. */
  dropped = 0;

  [Symbol.split](text: string): string[] {
    const lines = text.split('\n');
    if (this.#parts.length > 0) {
      this.#hold(lines[0] as string);
      if (lines.length === 1) {
        lines[0] = '';
        this.#endsInsideLine = true;
        return lines;
      }
      lines[0] = this.#parts.join('');
      this.#parts = [];
      this.#held = 0;
    }
    const last = lines.length - 1;
    const tail = lines[last] as string;
    this.#endsInsideLine = tail !== '';
    if (tail.length > LONG_TAIL) {
      this.#hold(tail);
      lines[last] = '';
    }
    return lines;
  }

  /** True when the text so far ended inside a line: its last line has no newline (yet). */
  get endsInsideLine(): boolean {
    return this.#endsInsideLine;
  }

  /** The held-back last line when the input ended inside a long line, else ''. Clears it. */
  takeRest(): string {
    const rest = this.#parts.join('');
    this.#parts = [];
    this.#held = 0;
    return rest;
  }

  #hold(part: string): void {
    const room = MAX_LINE_LENGTH - this.#held;
    const kept = part.length <= room ? part : part.slice(0, Math.max(0, room));
    if (kept.length > 0) this.#parts.push(kept);
    this.#held += kept.length;
    this.dropped += part.length - kept.length;
  }
}
