// The reading end of a FIFO strace writes its trace into. strace writes it line by line, a few
// hundred KB/s, for as long as the workload runs, so what costs the learner is not the bytes but
// the wake-ups: a blocking read in libuv's pool woke a pool thread and then the main thread for
// every read, and on a small VM each wake-up costs tens of microseconds of CPU that strace and the
// workload then lack. So the FIFO is opened non-blocking and polled from the main thread: one
// timer wake-up per pause, then synchronous reads until it is empty, into one reused buffer.
import { closeSync, constants as fsConstants, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const BUFFER_BYTES = 64 * 1024;
/** A read this short means the FIFO is drained: pause before the next one. */
const SHORT_READ_BYTES = 16 * 1024;
/** The pause is sized for reads of about this much at the rate strace last wrote. */
const TARGET_READ_BYTES = 24 * 1024;
/**
 * At strace's fastest (≈1.5 MB/s) a FIFO's 64 KiB buffer takes ≈40 ms to fill, so it never fills
 * in the longest pause and strace never waits for the learner.
 */
const MIN_PAUSE_MS = 10;
const MAX_PAUSE_MS = 25;

/** How long to wait for about TARGET_READ_BYTES, given that `bytes` arrived in the last `elapsedMs`. */
export function pauseFor(bytes: number, elapsedMs: number): number {
  if (bytes <= 0 || elapsedMs <= 0) return MIN_PAUSE_MS;
  const ms = (TARGET_READ_BYTES * elapsedMs) / bytes;
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, Math.round(ms)));
}

export interface FifoReader {
  /**
   * The bytes written into the FIFO. Ends when the writers that came have all closed it, or, when
   * none came or none wrote, at release().
   */
  stream: Readable;
  /** Call once the writer has exited: what it wrote is then read without pausing, and the stream ends. */
  release(): Promise<void>;
  /** Stops reading and closes the FIFO. */
  close(): Promise<void>;
}

/** Bytes read, 0 when no writer has the FIFO open, -1 when writers have it open but wrote nothing new. */
function readSome(fd: number, buffer: Buffer): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return -1;
    throw error;
  }
}

export function openFifoReader(fifo: string): FifoReader {
  let released = false;
  // Once the writer is known to be gone, what is left is read at once: a pause would only delay the end.
  const writerGone = new AbortController();
  // Opened now, non-blocking: the open returns at once and counts as a reader, so the writer's open
  // never waits, even while nothing reads the stream yet (the FIFO holds what is written meanwhile).
  const fd = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  let closed = false;
  const closeFd = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  async function* reads(): AsyncGenerator<Buffer> {
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let wrote = false;
    let lastRead = performance.now();
    let pause = MIN_PAUSE_MS;
    try {
      for (;;) {
        if (closed) return; // close() came while this reader waited
        const bytesRead = readSome(fd, buffer);
        if (bytesRead > 0) {
          wrote = true;
          const now = performance.now();
          pause = pauseFor(bytesRead, now - lastRead);
          lastRead = now;
          yield Buffer.from(buffer.subarray(0, bytesRead));
          if (bytesRead >= SHORT_READ_BYTES) continue;
        } else if (bytesRead === 0 && (wrote || released)) {
          // No writer left: the ones that wrote have closed it, or the caller says none is coming.
          return;
        }
        if (released && bytesRead !== -1) continue;
        await sleep(pause, undefined, { signal: released ? undefined : writerGone.signal }).catch(() => undefined);
      }
    } finally {
      closeFd();
    }
  }
  const stream = Readable.from(reads(), { objectMode: false, highWaterMark: BUFFER_BYTES });

  async function release(): Promise<void> {
    released = true;
    writerGone.abort();
  }

  return {
    stream,
    release,
    async close() {
      await release();
      stream.destroy();
      // A stream destroyed before its first read never ran the reader, nor its cleanup.
      closeFd();
    },
  };
}
