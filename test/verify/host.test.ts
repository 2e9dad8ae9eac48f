import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { InputError, TracerError } from '../../src/errors.js';
import type { Profile } from '../../src/profile/model.js';
import { parseStream } from '../../src/strace/stream.js';
import { locateHelper, verifyHost } from '../../src/verify/host.js';
import { repoRoot, skipUnless } from '../helpers.js';

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const socketCommand = [python, '-S', '-c', 'import socket; socket.socket().close()'];
const strace = await execa('strace', ['-V'], { reject: false });
const helperBuilt = existsSync(path.join(repoRoot, 'tracer', 'build', 'seccomp-exec'));
const ready = strace.exitCode === 0 && helperBuilt;
const missing = 'strace and tracer/build/seccomp-exec (npm run build)';

// Every name a plain `strace -f` run of the command made: an allow-list that should suffice for a rerun.
async function tracedNames(command: string[]): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-learn-'));
  try {
    const log = path.join(dir, 'trace.log');
    await execa('strace', ['-f', '-o', log, '--', ...command], { stdio: 'ignore' });
    const names = new Set<string>();
    await parseStream(createReadStream(log), (event) => {
      if (event.kind === 'syscall' && !event.name.startsWith('syscall_')) names.add(event.name);
    });
    return [...names].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function allowList(names: string[]): Profile {
  return { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls: [{ names, action: 'SCMP_ACT_ALLOW' }] };
}

const enforce = suite('verify on the host');

enforce('a profile learned from the same command runs it with no denials', async () => {
  if (skipUnless(ready, missing, 'verifyHost learned profile')) return;
  const profile = allowList(await tracedNames(socketCommand));
  const run = await verifyHost({ profile, command: socketCommand });
  assert.equal(run.denials, []);
  assert.is(run.exitCode, 0);
  assert.is(run.killedBy, undefined);
  assert.ok(run.stats.lines > 0);
});

enforce('leaving socket out of that profile reports socket as denied and the workload fails', async () => {
  if (skipUnless(ready, missing, 'verifyHost socket denied')) return;
  const profile = allowList((await tracedNames(socketCommand)).filter((n) => n !== 'socket'));
  const run = await verifyHost({ profile, command: socketCommand });
  const socket = run.denials.find((d) => d.name === 'socket');
  assert.equal(socket && { count: socket.count, answer: socket.answer, firstCommand: socket.firstCommand }, { count: 1, answer: 'EPERM', firstCommand: path.basename(python) });
  assert.is(run.exitCode, 1);
});

enforce('a command that is not there is an input error, not a denial', async () => {
  if (skipUnless(ready, missing, 'verifyHost command not found')) return;
  const profile: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] };
  try {
    await verifyHost({ profile, command: ['no-such-command-for-verify'] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, 'no-such-command-for-verify: command not found');
  }
});

enforce('a syscall name libseccomp does not know fails before anything runs, naming it', async () => {
  if (skipUnless(ready, missing, 'verifyHost unknown name')) return;
  const profile: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['sockeet'], action: 'SCMP_ACT_ERRNO' }] };
  try {
    await verifyHost({ profile, command: ['true'] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, 'unknown syscall name "sockeet"');
  }
});

enforce('a missing strace is a tracer error with the fix', async () => {
  if (skipUnless(helperBuilt, 'tracer/build/seccomp-exec', 'verifyHost without strace')) return;
  try {
    await verifyHost({ profile: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }, command: ['true'], strace: '/nonexistent/strace' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, TracerError);
    assert.is((error as TracerError).exitCode, 3);
    assert.match(String((error as TracerError).hint), 'apt-get install -y strace');
  }
});

enforce.run();

const helper = suite('locating the helper');

function packageWithoutBuild(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'verify-package-'));
  writeFileSync(path.join(root, 'package.json'), '{}');
  mkdirSync(path.join(root, 'tracer'));
  copyFileSync(path.join(repoRoot, 'tracer', 'seccomp-exec.c'), path.join(root, 'tracer', 'seccomp-exec.c'));
  return root;
}

helper('an unbuilt helper is compiled once with cc', async () => {
  const cc = await execa('cc', ['--version'], { reject: false });
  if (skipUnless(cc.exitCode === 0, 'a C compiler (cc)', 'locateHelper builds')) return;
  const root = packageWithoutBuild();
  try {
    const binary = await locateHelper(root);
    assert.is(binary, path.join(root, 'tracer', 'build', 'seccomp-exec'));
    assert.ok(existsSync(binary));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

helper('without a compiler the error says how to get the helper', async () => {
  const root = packageWithoutBuild();
  try {
    await locateHelper(root, '/nonexistent/cc');
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, TracerError);
    assert.match((error as Error).message, '/nonexistent/cc is not installed');
    assert.is((error as TracerError).hint, 'apt-get install -y gcc libseccomp-dev && npm run build');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

helper.run();
