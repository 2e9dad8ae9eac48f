import v8 from 'node:v8';
import vm from 'node:vm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Aggregator } from '../../src/learn/aggregate.js';
import { owned } from '../../src/strace/owned.js';
import { TraceParser } from '../../src/strace/stream.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// What stays on the heap after `keep` has cut what it keeps from 64 chunks of 1 MiB and the chunks are dropped.
function retainedMb(keep: (chunk: string, i: number) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 64; i++) keep(`${i}`.padStart(8, '0') + 'x'.repeat(1 << 20), i);
  gc();
  return (process.memoryUsage().heapUsed - before) / (1 << 20);
}

const kept = suite('what outlives its line owns its characters');

kept('a plain slice keeps its chunk alive: the yardstick that makes this suite mean something', () => {
  const slices: string[] = [];
  assert.ok(retainedMb((chunk) => slices.push(chunk.slice(0, 20))) > 48);
  assert.is(slices.length, 64);
});

kept('owned() copies', () => {
  const copies: string[] = [];
  assert.ok(retainedMb((chunk) => copies.push(owned(chunk.slice(0, 20)))) < 8);
  assert.is(copies[3], '00000003xxxxxxxxxxxx');
});

kept('the aggregator keeps names, errno texts and commands without their chunks', () => {
  const aggregator = new Aggregator('x86_64');
  const mb = retainedMb((chunk, i) => {
    aggregator.add({ kind: 'syscall', pid: 1, name: `forged_name_${chunk.slice(0, 8)}`.slice(0), args: '', result: { value: '-1', errno: chunk.slice(0, 16) } });
    aggregator.add({ kind: 'syscall', pid: 2 + i, name: 'execve', args: `"/usr/bin/${chunk.slice(0, 20)}", [], 0x0`, result: { value: '0' } });
  });
  assert.ok(mb < 8, `${mb.toFixed(1)} MB retained`);
  assert.is(aggregator.set.commands.size, 64);
});

kept('a call waiting for its resumed half keeps its text without its chunk', () => {
  const parser = new TraceParser(() => undefined);
  const mb = retainedMb((chunk, i) => {
    const text = `${i + 1}  clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0},  <unfinished ...>\n${chunk}`;
    parser.pushAt(text, 0, text.indexOf('\n'));
    parser.chunkDone();
  });
  assert.ok(mb < 8, `${mb.toFixed(1)} MB retained`);
  parser.end();
  assert.is(parser.stats.unfinishedAtEnd, 64);
});

kept.run();
