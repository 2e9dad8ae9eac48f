// The learner's end of the session FIFO. Opened before the container starts, so the hook finds a
// reader; it ends when strace, the only writer, exits.
import { createReadStream, promises as fs, constants as fsConstants } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';

export interface TraceReader {
  stream: Readable;
  /** Ends the stream when no writer ever came (the container never started). */
  release(): Promise<void>;
}

export function openTraceReader(fifo: string): TraceReader {
  // The open blocks (in libuv's pool) until a writer appears; release() supplies one if needed.
  const source = createReadStream(fifo, { highWaterMark: 64 * 1024 });
  const stream = new PassThrough({ highWaterMark: 64 * 1024 });
  source.on('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return {
    stream,
    async release() {
      try {
        const handle = await fs.open(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
        await handle.close();
      } catch {
        // ENXIO: the reader already saw its end of file.
      }
    },
  };
}
