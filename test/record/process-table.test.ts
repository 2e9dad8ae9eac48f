import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readProcess, readProcessTable, startedAt, tracedBy, treeOf, uptime } from '../../src/record/process-table.js';

const table = suite('process table: who traces whom, who is whose child (real /proc)');

table('this process is in the table with its parent, untraced', async () => {
  const self = (await readProcessTable()).find((info) => info.pid === process.pid);
  assert.ok(self);
  assert.equal([self.ppid, self.tracerPid, self.name, self.zombie], [process.ppid, 0, 'node', false]);
});

table('treeOf finds a shell and the children it started; tracedBy finds nothing for a tracer that is not one', async () => {
  const shell = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
  try {
    let tree: Awaited<ReturnType<typeof readProcessTable>> = [];
    for (let i = 0; i < 40 && tree.length < 3; i++) {
      tree = treeOf(await readProcessTable(), [shell.pid!]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(tree.map((info) => info.name).sort(), ['sh', 'sleep', 'sleep']);
    assert.equal(tracedBy(await readProcessTable(), shell.pid!), []);
  } finally {
    for (const info of treeOf(await readProcessTable(), [shell.pid!])) process.kill(info.pid, 'SIGKILL');
    await once(shell, 'exit');
  }
});

table('start times are on the uptime clock; a gone pid has none', async () => {
  const started = await startedAt(process.pid);
  assert.ok(started !== undefined && started > 0 && started <= (await uptime()));
  const child = spawn('true');
  await once(child, 'exit');
  assert.is(await startedAt(child.pid!), undefined);
  assert.is(await readProcess(child.pid!), undefined);
});

table.run();
