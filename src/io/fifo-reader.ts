// The reading end of a FIFO strace writes its trace into. strace writes it line by line; waking for
// every line (and fs.ReadStream's fresh 64 KiB buffer per read) cost the learner more CPU than strace
// spent tracing. So one buffer is reused, and after a short read the reader waits a moment for the
// FIFO to fill: a few large reads instead of one per line.
import { promises as fs, constants as fsConstants } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const BUFFER_BYTES = 64 * 1024;
/** A read this short means the reader is ahead of strace: wait before the next one. */
const SHORT_READ_BYTES = 16 * 1024;
/** At strace's ≈1.5 MB/s the FIFO's 64 KiB buffer takes ≈40 ms to fill, so it never fills in this pause. */
const PAUSE_MS = 10;
const RELEASE_RETRY_MS = 5;

export interface FifoReader {
  /** The bytes written into the FIFO. Ends when every writer has closed it. */
  stream: Readable;
  /**
   * Call once the writer has exited: what it wrote is then read without pausing, and the stream
   * ends even when no writer ever came (opens and closes a writer of our own).
   */
  release(): Promise<void>;
  /** Stops reading and closes the FIFO. */
  close(): Promise<void>;
}

export function openFifoReader(fifo: string): FifoReader {
  let state: 'idle' | 'opening' | 'open' | 'done' = 'idle';
  let released = false;
  // Once the writer is known to be gone, what is left is read at once: a pause would only delay the end.
  const writerGone = new AbortController();
  async function* reads(): AsyncGenerator<Buffer> {
    if (released) return;
    // The open blocks (in libuv's pool) until a writer appears; release() supplies one if needed.
    state = 'opening';
    const handle = await fs.open(fifo, fsConstants.O_RDONLY);
    state = 'open';
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, BUFFER_BYTES, null);
        if (bytesRead === 0) return;
        yield Buffer.from(buffer.subarray(0, bytesRead));
        if (bytesRead < SHORT_READ_BYTES && !released) await sleep(PAUSE_MS, undefined, { signal: writerGone.signal }).catch(() => undefined);
      }
    } finally {
      state = 'done';
      await handle.close().catch(() => undefined);
    }
  }
  const stream = Readable.from(reads(), { objectMode: false, highWaterMark: BUFFER_BYTES });

  // A reader blocked in open() counts as a reader, so a non-blocking writer open succeeds and
  // closing it delivers EOF. Until the pool thread is inside that open(), the writer open fails
  // (ENXIO): try again rather than leave the reader waiting forever.
  async function release(): Promise<void> {
    released = true;
    writerGone.abort();
    for (;;) {
      if (state === 'idle' || state === 'done') return;
      try {
        const writer = await fs.open(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
        await writer.close();
        return;
      } catch {
        if (state !== 'opening') return;
        await sleep(RELEASE_RETRY_MS);
      }
    }
  }

  return {
    stream,
    release,
    async close() {
      await release();
      stream.destroy();
    },
  };
}
