import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { commandExists } from '../../src/io/which.js';
import { readProcessTable } from '../../src/record/process-table.js';
import { recordHost, type EventConsumer } from '../../src/record/host.js';
import type { StitchedEvent } from '../../src/strace/stream.js';
import { tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';

const hasStrace = commandExists('strace');
const host = suite('recordHost: a consumer loaded after strace has started');

// 20 000 one-byte reads and writes: ~2.5 MB of trace, far more than a FIFO holds while nobody reads.
const dd = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=19997', 'status=none'];

function calls(events: StitchedEvent[], name: string): number {
  return events.filter((event) => event.kind === 'syscall' && event.name === name).length;
}

host('a consumer that takes 300 ms to load still gets every call, and --trace-out every line', async () => {
  if (skipUnless(hasStrace, 'strace', 'recordHost late consumer')) return;
  const events: StitchedEvent[] = [];
  let loadedAfterStart = false;
  const traceOut = path.join(tempDir(), 'trace.log');
  const run = await recordHost(
    { command: dd, traceOut },
    {
      async load() {
        // strace is already running and starts the workload while the consumer is still loading.
        for (let waited = 0; waited < 3000 && !loadedAfterStart; waited += 20) {
          loadedAfterStart = (await readProcessTable()).some((p) => p.name === 'dd' && p.tracerPid !== 0);
          if (!loadedAfterStart) await sleep(20);
        }
        await sleep(300);
        return (event) => events.push(event);
      },
    },
  );
  assert.is(run.exitCode, 0);
  assert.ok(loadedAfterStart, 'the traced workload ran before its consumer was loaded');
  assert.ok(calls(events, 'read') >= 19997, `${calls(events, 'read')} reads`);
  assert.is(calls(events, 'write'), 19997);
  assert.is(run.stats.malformed, 0);
  const copied = readFileSync(traceOut, 'utf8').split('\n').filter((line) => line !== '');
  assert.is(copied.length, run.stats.lines);
});

// A workload that would run for minutes under strace and then leave a file: its strace and dd are
// known by the count, and the file is there only if it was left to run to its end.
async function failingRecording(marker: string, consumer: EventConsumer): Promise<Error | undefined> {
  const finished = path.join(tempDir(), 'finished');
  const command = ['sh', '-c', `dd if=/dev/zero of=/dev/null bs=1 ${marker} status=none; touch ${finished}`];
  const failed = await recordHost({ command }, consumer).then(
    () => undefined,
    (error: Error) => error,
  );
  assert.not.ok(existsSync(finished), 'the workload was stopped, not left to run to its end');
  await sleep(200);
  const left = (await readProcessTable()).filter((p) => ['dd', 'sh', 'strace'].includes(p.name));
  const ours = left.filter((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false; // ended meanwhile
    }
  });
  assert.equal(ours, [], 'no dd or strace of this run is left');
  return failed;
}

host('a consumer that fails to load: recordHost rejects with its error soon, and stops the workload', async () => {
  if (skipUnless(hasStrace, 'strace', 'recordHost failing consumer')) return;
  const failed = await failingRecording('count=2000001', {
    async load() {
      await sleep(100);
      throw new Error('the consumer could not load');
    },
  });
  assert.is(failed?.message, 'the consumer could not load');
});

host('a consumer that throws mid-trace: recordHost rejects with its error soon, and stops the workload', async () => {
  if (skipUnless(hasStrace, 'strace', 'recordHost consumer throws')) return;
  let seen = 0;
  const failed = await failingRecording('count=2000002', (event) => {
    if (event.kind === 'syscall' && ++seen === 5000) throw new Error('the consumer failed at call 5000');
  });
  assert.is(failed?.message, 'the consumer failed at call 5000');
});

host.run();
