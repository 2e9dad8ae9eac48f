// strace text → stitched events: unfinished/resumed halves joined per pid, malformed lines counted.
import type { Readable } from 'node:stream';
import type { ExitEvent, MalformedEvent, ResumedEvent, SyscallEvent, SyscallResult, TraceEvent, UnfinishedEvent } from './events.js';
import { parseCutLine, parseLineAt } from './line.js';
import { LineCutter, type LineSink } from './splitter.js';
import { owned } from './owned.js';

export interface ParseStats {
  lines: number;
  /** Characters read, counting one per line terminator (equal to bytes for strace's ASCII output). */
  bytes: number;
  malformed: number;
  /** The first malformed lines, at most 10, each text cut to 200 characters. */
  samples: MalformedEvent[];
  /** Calls printed as `<unfinished ...>` and never resumed (still emitted, with result undefined). */
  unfinishedAtEnd: number;
}

export type StitchedEvent = Exclude<TraceEvent, UnfinishedEvent | ResumedEvent | MalformedEvent>;

export interface ParseOptions {
  /** The traced pid for a `-ff` file, whose lines carry no pid prefix (see pidFromFfName). */
  pid?: number;
}

const MAX_SAMPLES = 10;
/**
 * Calls waiting for their resumed half, one per pid at most. Past this many (only a forged trace
 * names that many pids mid-call) the oldest is given up, as a call without a result.
 */
export const MAX_PENDING_CALLS = 1 << 16;
const SAMPLE_LENGTH = 200;

function syscallEvent(
  pid: number | undefined,
  name: string,
  number: number | undefined,
  args: string,
  result: SyscallResult | undefined,
): SyscallEvent {
  return number === undefined
    ? { kind: 'syscall', pid, name, args, result }
    : { kind: 'syscall', pid, name, number, args, result };
}

export class TraceParser implements LineSink {
  readonly stats: ParseStats = { lines: 0, bytes: 0, malformed: 0, samples: [], unfinishedAtEnd: 0 };
  readonly #onEvent: (event: StitchedEvent) => void;
  readonly #filePid: number | undefined;
  readonly #pending = new Map<number | undefined, UnfinishedEvent>();
  /** Calls set waiting since the last chunkDone(): their text may still point into the chunk. */
  readonly #fresh: UnfinishedEvent[] = [];
  /** The last malformed line and its number: if the input ended inside it, it may hold a call. */
  #lastMalformed: { line: number; text: string } | undefined;

  constructor(onEvent: (event: StitchedEvent) => void, options: ParseOptions = {}) {
    this.#onEvent = onEvent;
    this.#filePid = options.pid;
  }

  /** Parses one line (without its newline). */
  push(line: string): void {
    this.pushAt(line, 0, line.length);
  }

  /** Parses the line text[start, end), where `end` is the index of its newline or text.length. */
  pushAt(text: string, start: number, end: number): void {
    this.stats.lines++;
    this.stats.bytes += end - start + 1;
    const event = parseLineAt(text, start, end);
    if (event.kind === 'malformed') {
      this.#countMalformed(event);
      return;
    }
    if (event.pid === undefined && this.#filePid !== undefined) event.pid = this.#filePid;
    switch (event.kind) {
      case 'unfinished':
        this.#abandon(event.pid);
        this.#wait(event);
        return;
      case 'resumed':
        this.#resume(event);
        return;
      case 'syscall':
        if (this.#pending.size > 0) this.#abandon(event.pid);
        this.#onEvent(event);
        return;
      case 'exit':
        this.#exit(event);
        return;
      default:
        this.#onEvent(event);
    }
  }

  /**
   * Emits the calls still waiting for their resumed half. Call once, after the last line; with
   * `cutOff`, the input ended inside that line (no newline after it).
   */
  end(options: { cutOff?: boolean } = {}): void {
    if (options.cutOff) this.#recoverCutOff();
    for (const pid of [...this.#pending.keys()]) this.#abandon(pid);
  }

  // strace killed while writing leaves its last line cut: the call it names was still made. The line
  // stays counted as malformed (it is), and its call is counted as one that never finished.
  #recoverCutOff(): void {
    const last = this.#lastMalformed;
    if (last === undefined || last.line !== this.stats.lines) return;
    this.#lastMalformed = undefined;
    const event = parseCutLine(last.text);
    if (event.kind !== 'unfinished') return;
    if (event.pid === undefined && this.#filePid !== undefined) event.pid = this.#filePid;
    this.#abandon(event.pid);
    this.#wait(event);
  }

  #countMalformed(event: MalformedEvent): void {
    this.stats.malformed++;
    this.#lastMalformed = { line: this.stats.lines, text: event.text };
    if (this.stats.samples.length < MAX_SAMPLES) {
      this.stats.samples.push({ kind: 'malformed', text: owned(event.text.slice(0, SAMPLE_LENGTH)), reason: event.reason });
    }
  }

  // A resumed half without a partner (attach mid-call, -ff, execve by a thread) is still a call.
  #resume(event: ResumedEvent): void {
    const own = this.#pending.get(event.pid);
    let partner: UnfinishedEvent | undefined;
    if (own !== undefined && own.name === event.name) {
      partner = own;
    } else {
      this.#abandon(event.pid);
      partner = this.#partnerAcrossPrefixChange(event);
    }
    if (partner !== undefined) this.#pending.delete(partner.pid);
    const args = partner === undefined ? event.args : partner.args + event.args;
    const pid = event.pid ?? partner?.pid;
    this.#onEvent(syscallEvent(pid, event.name, partner?.number ?? event.number, args, event.result));
  }

  // `strace -f` without -o drops the `[pid N]` prefix while one process is left and adds it back
  // when a second appears, so one half of a call may carry the prefix and the other not.
  #partnerAcrossPrefixChange(event: ResumedEvent): UnfinishedEvent | undefined {
    if (event.pid !== undefined) {
      const unprefixed = this.#pending.get(undefined);
      return unprefixed?.name === event.name ? unprefixed : undefined;
    }
    let latest: UnfinishedEvent | undefined;
    for (const candidate of this.#pending.values()) if (candidate.name === event.name) latest = candidate;
    return latest;
  }

  // The unfinished execve of the thread that replaced the process resumes under the leader's pid.
  #exit(event: ExitEvent): void {
    this.#abandon(event.pid);
    if (event.how === 'superseded' && event.byPid !== undefined) {
      const execve = this.#pending.get(event.byPid);
      if (execve !== undefined) {
        this.#pending.delete(event.byPid);
        const moved = { ...execve, pid: event.pid };
        this.#pending.set(event.pid, moved);
        this.#fresh.push(moved);
      }
    }
    this.#onEvent(event);
  }

  #wait(event: UnfinishedEvent): void {
    if (this.#pending.size >= MAX_PENDING_CALLS) this.#abandon(this.#pending.keys().next().value);
    this.#pending.set(event.pid, event);
    this.#fresh.push(event);
  }

  /**
   * Call when the text the last lines were read from is done with (parseStream does, after each
   * chunk). A call still waiting for its resumed half may wait long (a thread blocked in futex):
   * its text is copied, so it does not keep the chunk alive. Most halves are resumed a few lines
   * later, within the chunk, and are never copied.
   */
  chunkDone(): void {
    for (const event of this.#fresh) {
      if (this.#pending.get(event.pid) !== event) continue;
      event.name = owned(event.name);
      event.args = owned(event.args);
    }
    this.#fresh.length = 0;
  }

  #abandon(pid: number | undefined): void {
    const unfinished = this.#pending.get(pid);
    if (unfinished === undefined) return;
    this.#pending.delete(pid);
    this.stats.unfinishedAtEnd++;
    this.#onEvent(syscallEvent(unfinished.pid, unfinished.name, unfinished.number, unfinished.args, undefined));
  }
}

/** Buffers are decoded this much at a time: V8 reads strings above ~64 KiB more slowly. */
const DECODE_BYTES = 64 * 1024;

/**
 * Parses a whole strace output stream: chunks are decoded as latin1 (strace escapes every byte
 * that is not printable ASCII, so this is exact for its output, needs no state across chunks, keeps
 * one character per byte for any other input, and is several times cheaper than UTF-8), and each
 * line is parsed in place inside its chunk, with nothing queued per line. The chunks are pulled
 * through the stream's async iterator, so the next read runs while the current chunk is parsed;
 * a file is best read in large chunks (see READ_AHEAD_BYTES), which are decoded 64 KiB at a time.
 * split2 is not used here: its per-chunk transform alone runs at about half the parser's speed
 * (see bench/parse.ts). Rejects with the stream's (or onEvent's) error.
 */
export async function parseStream(
  input: Readable,
  onEvent: (event: StitchedEvent) => void,
  options: ParseOptions = {},
): Promise<ParseStats> {
  const parser = new TraceParser(onEvent, options);
  const cutter = new LineCutter();
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    // Start reading the next chunk now, so the read runs while this one is parsed.
    if (!input.readableEnded) input.read(0);
    if (typeof chunk === 'string') {
      cutter.feed(chunk, parser);
      parser.chunkDone();
    } else {
      for (let from = 0; from < chunk.length; from += DECODE_BYTES) {
        cutter.feed(chunk.toString('latin1', from, Math.min(chunk.length, from + DECODE_BYTES)), parser);
        parser.chunkDone();
      }
    }
  }
  const endsInsideLine = cutter.endsInsideLine;
  const rest = cutter.takeRest();
  if (rest !== '') {
    parser.push(rest);
    parser.stats.bytes--; // no newline after it
  }
  parser.stats.bytes += cutter.dropped;
  parser.end({ cutOff: endsInsideLine });
  return parser.stats;
}

/** The read size for a log file given to parseStream: fewer, larger reads overlap better with parsing. */
export const READ_AHEAD_BYTES = 256 * 1024;

/** The pid in a `strace -ff -o trace` file name: `trace.12345` → 12345, anything else → undefined. */
export function pidFromFfName(file: string): number | undefined {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const suffix = base.slice(base.lastIndexOf('.') + 1);
  if (!/^[0-9]{1,10}$/.test(suffix) || suffix.length === base.length) return undefined;
  const pid = Number(suffix);
  return pid > 0 ? pid : undefined;
}
