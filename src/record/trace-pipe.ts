import { createWriteStream, existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { TracerError } from '../errors.js';
import { tempNameFor, writeTarget } from '../io/atomic-write.js';
import { startChild } from '../io/child.js';
import { openFifoReader, type FifoReader } from '../io/fifo-reader.js';
import { writeError } from '../io/write-error.js';

/**
 * A FIFO strace writes its trace into and the learner reads while the workload runs. strace
 * writes a FIFO line by line and marks it close-on-exec, so the workload never sees it.
 */
export interface TracePipe {
  /** Path to pass to `strace -o`. */
  path: string;
  /** The trace text as strace writes it. Ends when every writer has closed the FIFO. */
  stream: Readable;
  /** Call once the writer is gone: makes sure the reader ends even if the writer never opened the FIFO. */
  release(): Promise<void>;
  /**
   * For when the stream's reader has failed: reads on and drops the rest, so strace neither blocks
   * on a full FIFO nor fails each write on a closed one (strace ignores SIGPIPE and goes on).
   */
  discard(): void;
  /** Removes the FIFO and its directory. */
  dispose(): Promise<void>;
}

export async function openTracePipe(prefix = 'seccomp-learner-'): Promise<TracePipe> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const fifo = path.join(dir, 'trace.fifo');
  const made = await startChild('mkfifo', ['-m', '0600', fifo], 'quiet').ended;
  if (made.exitCode !== 0) {
    await fs.rm(dir, { recursive: true, force: true });
    const said = made.error?.message ?? made.stderr.trim();
    throw new TracerError(`cannot create a FIFO for the trace in ${dir}: ${said}`, { hint: 'mkfifo (coreutils) must be installed and the temp directory writable' });
  }
  const reader = openFifoReader(fifo);
  let drain: FifoReader | undefined;
  return {
    path: fifo,
    stream: reader.stream,
    async release() {
      await Promise.all([reader.release(), drain?.release()]);
    },
    discard() {
      if (drain !== undefined) return;
      drain = openFifoReader(fifo);
      drain.stream.resume();
      reader.stream.resume();
    },
    async dispose() {
      await Promise.all([reader.close(), drain?.close()]);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Copies the raw trace to `target` through a temp file renamed into place when complete. A failed
 * copy (disk full) rejects `done` and leaves the stream to its other reader: the trace is still parsed.
 */
export function teeTraceTo(stream: Readable, requested: string): { done: Promise<void> } {
  // A device (`--trace-out /dev/stderr`) is written in place; a file goes through a temp file.
  const { path: target, direct } = writeTarget(requested);
  const temp = direct ? target : tempNameFor(target, 'partial');
  const file = createWriteStream(temp, direct ? {} : { mode: 0o644 });
  stream.pipe(file);
  const done = new Promise<void>((resolve, reject) => {
    file.on('error', (error) => {
      stream.unpipe(file);
      reject(error);
    });
    file.on('finish', () => (direct ? Promise.resolve() : fs.rename(temp, target)).then(resolve, reject));
  }).catch(async (error) => {
    file.destroy();
    if (!direct) await fs.rm(temp, { force: true });
    throw writeError(requested, error, { kept: existsSync(target) });
  });
  done.catch(() => undefined); // it may fail mid-recording, long before the caller awaits it
  return { done };
}
