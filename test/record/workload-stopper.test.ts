import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readProcess, uptime } from '../../src/record/process-table.js';
import { stopUntraced, WorkloadStopper } from '../../src/record/workload-stopper.js';
import { commandExists } from '../../src/io/which.js';
import { skipUnless } from '../helpers.js';

const stopper = suite('stopping a workload: traced processes, and those that outlived their strace');

// Resolves with how the child ended, even when it ended before the call.
function exited(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve([child.exitCode, child.signalCode]);
  return once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
}

stopper('stopUntraced stops a process the trace named and the children it started since', async () => {
  const shell = spawn('sh', ['-c', 'sleep 30 & sleep 30; wait'], { stdio: 'ignore' });
  await sleep(200);
  const cutoff = await uptime();
  const stopped = await stopUntraced([shell.pid!], cutoff);
  assert.equal(stopped.map((info) => info.name).sort(), ['sh', 'sleep', 'sleep']);
  await exited(shell);
  for (const info of stopped) {
    const after = await readProcess(info.pid);
    assert.ok(after === undefined || after.zombie, `${info.pid} ${info.name} still runs`);
  }
});

stopper('stopUntraced leaves alone a pid whose process started after strace ended (a reused pid)', async () => {
  const cutoff = (await uptime()) - 1;
  const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    assert.equal(await stopUntraced([stranger.pid!], cutoff), []);
    assert.ok(await readProcess(stranger.pid!), 'the stranger was signalled');
  } finally {
    stranger.kill('SIGKILL');
  }
});

stopper('a process ignoring SIGTERM is killed once the grace period is over', async () => {
  const stubborn = spawn('sh', ['-c', 'trap "" TERM; while :; do sleep 0.1; done'], { stdio: 'ignore' });
  await sleep(200);
  await stopUntraced([stubborn.pid!], await uptime(), 300);
  const [, signal] = await exited(stubborn);
  assert.is(signal, 'SIGKILL');
});

stopper('WorkloadStopper ends everything a strace traces, including a process that left the session', async () => {
  if (skipUnless(commandExists('strace'), 'strace', 'WorkloadStopper')) return;
  const strace = spawn('strace', ['-f', '-o', '/dev/null', '--', 'sh', '-c', 'setsid sleep 30 & sleep 30; wait'], { stdio: 'ignore' });
  const ended = exited(strace);
  await sleep(300);
  const stop = new WorkloadStopper(strace.pid!, ended, 2000);
  stop.stop();
  await stop.settled();
  const [code, signal] = await ended;
  assert.equal([code, signal], [null, 'SIGTERM'], 'strace mirrors its main process, ended by SIGTERM');
});

stopper.run();
