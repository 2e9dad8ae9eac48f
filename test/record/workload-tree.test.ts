import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TraceParser } from '../../src/strace/stream.js';
import { WorkloadTree } from '../../src/record/workload-tree.js';

const tree = suite('WorkloadTree: the main process and the pids still running, from the trace');

function feed(lines: string[], onRootExit?: () => void): WorkloadTree {
  const workload = new WorkloadTree(onRootExit);
  const parser = new TraceParser(workload.observe);
  for (const line of lines) parser.push(line);
  parser.end();
  return workload;
}

tree('the first pid is the main process; its exit line is kept and announced once', () => {
  let announced = 0;
  const workload = feed(
    [
      '100 execve("/bin/sh", ["sh"], 0x7ffd /* 1 var */) = 0',
      '100 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD) = 101',
      '101 execve("/bin/sleep", ["sleep", "9"], 0x7ffd /* 1 var */) = 0',
      '100 exit_group(3)                     = ?',
      '100 +++ exited with 3 +++',
    ],
    () => announced++,
  );
  assert.is(workload.rootPid, 100);
  assert.equal(workload.rootExit, { how: 'exited', code: 3, signal: undefined });
  assert.is(announced, 1);
  assert.equal(workload.live, [101]);
});

tree('a main process killed by a signal is told apart from one that exited', () => {
  const workload = feed(['7 execve("/bin/sh", ["sh"], 0x1 /* 1 var */) = 0', '7 +++ killed by SIGKILL +++']);
  assert.equal(workload.rootExit, { how: 'killed', code: undefined, signal: 'SIGKILL' });
  assert.equal(workload.live, []);
});

tree('a thread that execs takes over the leader pid: its own id leaves the live set', () => {
  const workload = feed([
    '200 execve("/bin/app", ["app"], 0x1 /* 1 var */) = 0',
    '201 execve("/bin/true", ["true"], 0x1 /* 1 var */ <unfinished ...>',
    '200 +++ superseded by execve in pid 201 +++',
    '200 <... execve resumed>)              = 0',
  ]);
  assert.equal(workload.live, [200]);
  assert.is(workload.rootExit, undefined);
});

tree('no exit line for the main process: no exit recorded (strace ended before it)', () => {
  const workload = feed(['300 execve("/bin/sh", ["sh"], 0x1 /* 1 var */) = 0', '300 wait4(-1, ']);
  assert.is(workload.rootExit, undefined);
  assert.equal(workload.live, [300]);
});

tree.run();
