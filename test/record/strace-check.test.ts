import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkStrace, ptraceFix } from '../../src/record/strace-check.js';
import { TracerError } from '../../src/errors.js';
import { tempDir } from '../cli.js';

const check = suite('checkStrace: a strace that cannot trace is a tracer error that names the cause');

// A stand-in strace that answers the probe the way a refused strace 6.1 does.
function fakeStrace(stderr: string, status: number): string {
  const file = path.join(tempDir(), 'strace');
  writeFileSync(file, `#!/bin/sh\nprintf '%s' '${stderr}' >&2\nexit ${status}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function failure(strace: string): Promise<TracerError> {
  try {
    await checkStrace(strace);
  } catch (error) {
    assert.instance(error, TracerError);
    return error as TracerError;
  }
  throw new Error('checkStrace accepted a failing strace');
}

check('a refused ptrace: strace\'s ptrace line, not its last complaint, and the fix for this machine', async () => {
  const strace = fakeStrace(
    'strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted\nstrace: ptrace(PTRACE_TRACEME, ...): Operation not permitted\nstrace: PTRACE_SETOPTIONS: Operation not permitted\nstrace: detach: waitpid(9294): No child processes\n',
    1,
  );
  const error = await failure(strace);
  assert.is(error.message, 'strace cannot trace here: ptrace is not permitted (strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted)');
  assert.is(error.exitCode, 3);
  assert.is(error.hint, ptraceFix());
});

check('another failure keeps strace\'s first line and points to running it by hand', async () => {
  const error = await failure(fakeStrace('strace: invalid system call\nstrace: more\n', 1));
  assert.is(error.message, 'strace cannot trace here: strace: invalid system call');
  assert.match(error.hint ?? '', /strace -f true/);
});

check('a strace that is not there says how to install it', async () => {
  const error = await failure(path.join(tempDir(), 'no-strace'));
  assert.match(error.message, /is not installed$/);
  assert.match(error.hint ?? '', /apt-get install -y strace/);
});

check.run();
