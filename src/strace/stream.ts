// strace text → stitched events: unfinished/resumed halves joined per pid, malformed lines counted.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import type { ExitEvent, MalformedEvent, ResumedEvent, SyscallEvent, SyscallResult, TraceEvent, UnfinishedEvent } from './events.js';
import { parseLine } from './line.js';
import { LineSplitter } from './splitter.js';

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
const SAMPLE_LENGTH = 200;

// A slice of a huge line would keep the whole line alive; a sample must own its characters.
function ownedPrefix(text: string, length: number): string {
  return Buffer.from(text.slice(0, length), 'utf8').toString('utf8');
}

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

export class TraceParser {
  readonly stats: ParseStats = { lines: 0, bytes: 0, malformed: 0, samples: [], unfinishedAtEnd: 0 };
  readonly #onEvent: (event: StitchedEvent) => void;
  readonly #filePid: number | undefined;
  readonly #pending = new Map<number | undefined, UnfinishedEvent>();

  constructor(onEvent: (event: StitchedEvent) => void, options: ParseOptions = {}) {
    this.#onEvent = onEvent;
    this.#filePid = options.pid;
  }

  push(line: string): void {
    this.stats.lines++;
    this.stats.bytes += line.length + 1;
    const event = parseLine(line);
    if (event.kind === 'malformed') {
      this.#countMalformed(event);
      return;
    }
    if (event.pid === undefined && this.#filePid !== undefined) event.pid = this.#filePid;
    switch (event.kind) {
      case 'unfinished':
        this.#abandon(event.pid);
        this.#pending.set(event.pid, event);
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

  /** Emits the calls still waiting for their resumed half. Call once, after the last line. */
  end(): void {
    for (const pid of [...this.#pending.keys()]) this.#abandon(pid);
  }

  #countMalformed(event: MalformedEvent): void {
    this.stats.malformed++;
    if (this.stats.samples.length < MAX_SAMPLES) {
      this.stats.samples.push({ kind: 'malformed', text: ownedPrefix(event.text, SAMPLE_LENGTH), reason: event.reason });
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
        this.#pending.set(event.pid, { ...execve, pid: event.pid });
      }
    }
    this.#onEvent(event);
  }

  #abandon(pid: number | undefined): void {
    const unfinished = this.#pending.get(pid);
    if (unfinished === undefined) return;
    this.#pending.delete(pid);
    this.stats.unfinishedAtEnd++;
    this.#onEvent(syscallEvent(unfinished.pid, unfinished.name, unfinished.number, unfinished.args, undefined));
  }
}

// Piped, a stream starts its next read only after split2 has parsed the current chunk; pulled through
// its async iterator, it starts the read first, so reading and parsing overlap.
async function* readAhead(input: Readable): AsyncGenerator<Buffer | string> {
  yield* input;
}

/**
 * Parses a whole strace output stream. Lines are handed to the parser inside split2's mapper, which
 * returns undefined so nothing is queued per line; the LineSplitter keeps a huge line linear.
 * Rejects with the stream's (or onEvent's) error.
 */
export async function parseStream(
  input: Readable,
  onEvent: (event: StitchedEvent) => void,
  options: ParseOptions = {},
): Promise<ParseStats> {
  const parser = new TraceParser(onEvent, options);
  const splitter = new LineSplitter();
  const lines = split2(splitter, (line: string) => {
    parser.push(line);
    return undefined;
  });
  lines.resume();
  await pipeline(readAhead(input), lines);
  const lastLine = splitter.takeRest();
  if (lastLine !== '') parser.push(lastLine);
  parser.end();
  return parser.stats;
}

/** The pid in a `strace -ff -o trace` file name: `trace.12345` → 12345, anything else → undefined. */
export function pidFromFfName(file: string): number | undefined {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const suffix = base.slice(base.lastIndexOf('.') + 1);
  if (!/^[0-9]{1,10}$/.test(suffix) || suffix.length === base.length) return undefined;
  const pid = Number(suffix);
  return pid > 0 ? pid : undefined;
}
