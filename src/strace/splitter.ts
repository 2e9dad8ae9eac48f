// Cuts decoded chunks into lines and hands each one over in place: the chunk text plus the line's
// start and end, so no per-line string is made. An unterminated tail is carried into the next
// chunk; a long one (more than LONG_TAIL characters) is held as parts and joined once at its
// newline, because prepending it to every chunk would cost seconds per chunk on a 20 MB line.

const LONG_TAIL = 64 * 1024;

/**
 * Longer lines are cut to their first MAX_LINE_LENGTH characters: strace never writes one, and
 * joining an endless one (a device, a binary file without newlines) would exceed V8's string limit.
 */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

/** Receives each line as text[start, end); end is the index of its newline or text.length. */
export interface LineSink {
  pushAt(text: string, start: number, end: number): void;
}

export class LineCutter {
  #tail = '';
  #parts: string[] = [];
  #held = 0;
  /** Characters dropped from lines longer than MAX_LINE_LENGTH, so byte counts stay right. */
  dropped = 0;

  /** Hands `sink` every line that `chunk` completes, in order, without their newlines. */
  feed(chunk: string, sink: LineSink): void {
    let pos = 0;
    if (this.#parts.length > 0 || this.#tail !== '') {
      // The line begun in an earlier chunk is joined on its own, so `chunk` itself stays the flat
      // string its decoding made: V8 reads a concatenation more slowly, even once flattened.
      const newline = chunk.indexOf('\n');
      if (newline < 0) {
        this.#carry(chunk);
        return;
      }
      this.#carry(chunk.slice(0, newline));
      const line = this.takeRest();
      sink.pushAt(line, 0, line.length);
      pos = newline + 1;
    }
    for (let newline = chunk.indexOf('\n', pos); newline >= 0; newline = chunk.indexOf('\n', pos)) {
      sink.pushAt(chunk, pos, newline);
      pos = newline + 1;
    }
    if (pos < chunk.length) this.#carry(chunk.slice(pos));
  }

  // Adds text to the line still open at the end of the input so far.
  #carry(part: string): void {
    if (this.#parts.length > 0) {
      this.#hold(part);
    } else if (this.#tail.length + part.length > LONG_TAIL) {
      const tail = this.#tail;
      this.#tail = '';
      if (tail !== '') this.#hold(tail);
      this.#hold(part);
    } else {
      this.#tail += part;
    }
  }

  /** True when the text so far ended inside a line: its last line has no newline (yet). */
  get endsInsideLine(): boolean {
    return this.#tail !== '' || this.#parts.length > 0;
  }

  /** The unterminated last line ('' when the text ended with a newline). Clears it. */
  takeRest(): string {
    const rest = this.#parts.length > 0 ? this.#takeParts() : this.#tail;
    this.#tail = '';
    return rest;
  }

  #takeParts(): string {
    const line = this.#parts.join('');
    this.#parts = [];
    this.#held = 0;
    return line;
  }

  #hold(part: string): void {
    const room = MAX_LINE_LENGTH - this.#held;
    const kept = part.length <= room ? part : part.slice(0, Math.max(0, room));
    // The first part marks the line as held even when empty (its text so far ended a chunk).
    if (kept.length > 0 || this.#parts.length === 0) this.#parts.push(kept);
    this.#held += kept.length;
    this.dropped += part.length - kept.length;
  }
}
