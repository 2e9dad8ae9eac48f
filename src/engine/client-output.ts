// Forwards an engine client's output (the container's, and the engine's errors) and keeps its tail
// for error messages, without buffering a long-running container's whole log.
import type { Readable, Writable } from 'node:stream';

const TAIL_CHARS = 4000;

export interface OutputTail {
  /** The last lines the client wrote on stderr, trimmed. */
  text(): string;
}

export function forwardOutput(stdout: Readable | null, stderr: Readable | null, to: Writable): OutputTail {
  let tail = '';
  stdout?.on('data', (chunk: Buffer) => to.write(chunk));
  stderr?.on('data', (chunk: Buffer) => {
    to.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
  });
  return { text: () => tail.trim() };
}

/** The last few lines of a command's stderr, for a one-line error message. */
export function lastLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(-count).join(' / ');
}
