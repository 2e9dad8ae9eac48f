import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openFifoReader, pauseFor } from '../../src/io/fifo-reader.js';
import { tempDir } from '../cli.js';

const fifo = suite('openFifoReader: everything a line-by-line writer wrote, in few large reads');

function makeFifo(): string {
  const file = path.join(tempDir(), 'trace.fifo');
  execFileSync('mkfifo', [file]);
  return file;
}

async function collect(stream: NodeJS.ReadableStream): Promise<{ text: string; chunks: number }> {
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    text += chunk.toString();
    chunks++;
  }
  return { text, chunks };
}

fifo('2000 lines written one write each arrive whole, in far fewer chunks than lines', async () => {
  const file = makeFifo();
  const reader = openFifoReader(file);
  const collected = collect(reader.stream);
  // One printf per line, spread over ~0.2 s, as strace writes.
  const writer = spawn('sh', ['-c', `i=0; while [ $i -lt 2000 ]; do printf 'line %d\\n' $i; i=$((i+1)); [ $((i % 200)) -eq 0 ] && sleep 0.02; done > ${file}`]);
  await once(writer, 'exit');
  const { text, chunks } = await collected;
  const lines = text.split('\n').filter((line) => line !== '');
  assert.is(lines.length, 2000);
  assert.is(lines[1999], 'line 1999');
  assert.ok(chunks < 200, `${chunks} chunks for 2000 lines`);
});

fifo('release ends a reader whose writer never came; close does not hang', async () => {
  const reader = openFifoReader(makeFifo());
  const collected = collect(reader.stream);
  await reader.release();
  assert.equal(await collected, { text: '', chunks: 0 });
  await reader.close();
});

fifo('close without any writer returns: no open() is left waiting', async () => {
  const reader = openFifoReader(makeFifo());
  reader.stream.resume();
  await reader.close();
});

fifo('a writer that comes late is still read whole', async () => {
  const file = makeFifo();
  const reader = openFifoReader(file);
  const collected = collect(reader.stream);
  const writer = spawn('sh', ['-c', `sleep 0.1; printf 'late\\n' > ${file}`]);
  await once(writer, 'exit');
  assert.equal((await collected).text, 'late\n');
});

fifo('release while a writer still holds the FIFO open: the rest it writes is read, then the stream ends', async () => {
  const file = makeFifo();
  const reader = openFifoReader(file);
  const collected = collect(reader.stream);
  const writer = spawn('sh', ['-c', `exec > ${file}; printf 'a\\n'; sleep 0.2; printf 'b\\n'`]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await reader.release();
  await once(writer, 'exit');
  assert.equal((await collected).text, 'a\nb\n');
});

fifo('the FIFO has its reader from the start: a writer opens it before the stream is read, and close frees it', async () => {
  const file = makeFifo();
  const fds = () => readdirSync('/proc/self/fd').length;
  const before = fds();
  const reader = openFifoReader(file);
  // A non-blocking open for writing fails (ENXIO) unless a reader has the FIFO open.
  const writer = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(writer, 'early\n');
  closeSync(writer);
  assert.is(fds(), before + 1, 'the reader holds one descriptor');
  await reader.close();
  assert.is(fds(), before, 'closed though the stream was never read');
});

fifo('a consumer that falls behind holds the reading back, and then gets every byte', async () => {
  const file = makeFifo();
  const reader = openFifoReader(file);
  // 1 MiB, far more than the FIFO and the stream's buffer hold together: the writer waits for the consumer.
  const writer = spawn('sh', ['-c', `head -c 1048576 /dev/zero | tr '\\0' x > ${file}`]);
  const exited = once(writer, 'exit');
  let bytes = 0;
  let chunks = 0;
  for await (const chunk of reader.stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (++chunks === 1) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await exited;
  assert.is(bytes, 1048576);
  assert.is(reader.stream.readableLength, 0);
});

fifo('the pause between reads aims at ~24 KiB reads, within 10-25 ms', () => {
  assert.is(pauseFor(6000, 10), 25, 'slow writer: the longest pause');
  assert.is(pauseFor(24 * 1024, 15), 15, 'a rate that fills 24 KiB in 15 ms');
  assert.is(pauseFor(64 * 1024, 10), 10, 'fast writer: the shortest pause');
  assert.is(pauseFor(0, 10), 10);
  assert.is(pauseFor(100, 0), 10);
});

fifo.run();
