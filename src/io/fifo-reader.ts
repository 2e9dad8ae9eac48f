// The reading end of a FIFO strace writes its trace into. strace writes it line by line, a few
// hundred KB/s, for as long as the workload runs, so what costs the learner is not the bytes but
// the wake-ups: a blocking read in libuv's pool woke a pool thread and then the main thread for
// every read, and on a small VM each wake-up costs tens of microseconds of CPU that strace and the
// workload then lack. So the FIFO is opened non-blocking and polled from the main thread: one
// plain timer per pause, then synchronous reads until it is empty, into one reused buffer, each
// chunk pushed into the stream as it is read. (An async generator under Readable.from, slept with
// an abortable timers/promises timeout, cost more CPU per poll than parsing the chunk it read.)
import { closeSync, constants as fsConstants, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';

/** As large as the FIFO: a read that fills it may have left more behind, a shorter one emptied it. */
const BUFFER_BYTES = 64 * 1024;
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
  // Opened now, non-blocking: the open returns at once and counts as a reader, so the writer's open
  // never waits, even while nothing reads the stream yet (the FIFO holds what is written meanwhile).
  const fd = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let closed = false;
  let released = false;
  let wrote = false;
  let started = false;
  /** The stream's buffer is full: reading goes on when its consumer asks for more. */
  let waitingForConsumer = false;
  let timer: NodeJS.Timeout | undefined;
  let lastRead = 0;
  let pause = MIN_PAUSE_MS;

  const closeFd = () => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    closeSync(fd);
  };

  // Reads until the FIFO is empty, then waits a pause; ends the stream once no writer is left.
  const poll = () => {
    timer = undefined;
    if (closed) return;
    try {
      for (;;) {
        const bytesRead = readSome(fd, buffer);
        if (bytesRead > 0) {
          wrote = true;
          const now = performance.now();
          pause = pauseFor(bytesRead, now - lastRead);
          lastRead = now;
          if (!stream.push(Buffer.from(buffer.subarray(0, bytesRead)))) {
            waitingForConsumer = true;
            return;
          }
          // Once the writer is known to be gone, what is left is read at once.
          if (bytesRead === buffer.length || released) continue;
        } else if (bytesRead === 0 && (wrote || released)) {
          // No writer left: the ones that wrote have closed it, or the caller says none is coming.
          closeFd();
          stream.push(null);
          return;
        }
        break;
      }
    } catch (error) {
      stream.destroy(error as Error);
      return;
    }
    timer = setTimeout(poll, pause);
  };

  const stream = new Readable({
    highWaterMark: BUFFER_BYTES,
    read() {
      // The first read starts the polling; later ones resume it after the consumer caught up.
      if (!started) {
        started = true;
        lastRead = performance.now();
        poll();
      } else if (waitingForConsumer) {
        waitingForConsumer = false;
        poll();
      }
    },
    destroy(error, callback) {
      closeFd();
      callback(error);
    },
  });

  // Cuts a pending pause short, so the rest is read now.
  const wake = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    poll();
  };

  async function release(): Promise<void> {
    released = true;
    wake();
  }

  return {
    stream,
    release,
    async close() {
      released = true;
      stream.destroy();
      closeFd();
    },
  };
}
