// split2 keeps an unterminated line as a string and prepends it to every new chunk before splitting
// again, so one 20 MB line costs seconds per chunk. Given as split2's matcher, this splitter lets
// split2 keep ordinary tails but takes over a long one (as parts, joined once at its newline).

const LONG_TAIL = 64 * 1024;

export class LineSplitter {
  #parts: string[] = [];

  [Symbol.split](text: string): string[] {
    const lines = text.split('\n');
    if (this.#parts.length > 0) {
      this.#parts.push(lines[0] as string);
      if (lines.length === 1) {
        lines[0] = '';
        return lines;
      }
      lines[0] = this.#parts.join('');
      this.#parts = [];
    }
    const last = lines.length - 1;
    const tail = lines[last] as string;
    if (tail.length > LONG_TAIL) {
      this.#parts.push(tail);
      lines[last] = '';
    }
    return lines;
  }

  /** The held-back last line when the input ended inside a long line, else ''. Clears it. */
  takeRest(): string {
    const rest = this.#parts.join('');
    this.#parts = [];
    return rest;
  }
}
