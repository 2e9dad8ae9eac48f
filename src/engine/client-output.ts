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

/** The line of a command's stderr that says what went wrong (an engine's error or usage line), else its last lines. */
export function lastLines(text: string, count = 3): string {
  const lines = text.trim().split('\n').filter((line) => line.trim() !== '');
  const reason = lines.find((line) => /^(Error\b|unknown (shorthand )?flag|invalid argument)/i.test(line));
  return reason ?? lines.slice(-count).join(' / ');
}
