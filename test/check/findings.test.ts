import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findingsOf } from '../../src/check/findings.js';
import { Aggregator, type SyscallSet } from '../../src/learn/aggregate.js';
import type { Profile } from '../../src/profile/model.js';
import { TraceParser } from '../../src/strace/stream.js';

// `strace -f` lines as check sees them: only the calls outside the profile, plus process calls.
function traced(lines: string[]): SyscallSet {
  const aggregator = new Aggregator('x86_64', 'all');
  const parser = new TraceParser((event) => aggregator.add(event));
  for (const line of lines) parser.push(line);
  parser.end();
  return aggregator.set;
}

const profile: Profile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: ['SCMP_ARCH_X86_64'],
  syscalls: [
    { names: ['execve', 'clone', 'read', 'wait4'], action: 'SCMP_ACT_ALLOW' },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
  ],
};

const findings = suite('what a check run found');

findings('calls the profile refuses are listed with count, first command and what they would get', () => {
  const result = findingsOf(
    traced([
      '100 execve("/bin/sh", ["sh", "-c", "cd /; cd /tmp"], 0x7ffd /* 3 vars */) = 0',
      '100 chdir("/")                       = 0',
      '100 chdir("/tmp")                    = 0',
      '100 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101',
      '101 execve("/usr/bin/uname", ["uname"], 0x55 /* 3 vars */) = 0',
      '101 uname({sysname="Linux", ...})    = 0',
      '101 +++ exited with 0 +++',
      '100 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101',
      '100 +++ exited with 0 +++',
    ]),
    profile,
  );
  assert.equal(result.newSyscalls, [
    { name: 'chdir', count: 2, firstPid: 100, firstCommand: 'sh', answer: 'SCMP_ACT_ERRNO(1)', needs: 'allow' },
    { name: 'uname', count: 1, firstPid: 101, firstCommand: 'uname', answer: 'SCMP_ACT_ERRNO(1)', needs: 'allow' },
  ]);
  assert.is(result.fits, false);
  assert.is(result.tracedCalls, 7);
});

findings('process calls the profile allows, and its ENOSYS answers, are not findings', () => {
  const result = findingsOf(
    traced([
      '100 execve("/bin/true", ["true"], 0x7ffd /* 3 vars */) = 0',
      '100 clone3({flags=CLONE_VM, exit_signal=0, stack=0x7f, stack_size=0x7fff00}, 88) = 101',
      '100 +++ exited with 0 +++',
    ]),
    profile,
  );
  assert.equal(result.newSyscalls, []);
  assert.is(result.fits, true);
});

findings('a probe that only ever got ENOSYS needs an ENOSYS answer, not the call', () => {
  const result = findingsOf(traced(['100 landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) = -1 ENOSYS (Function not implemented)']), profile);
  assert.equal(result.newSyscalls.map((s) => [s.name, s.needs]), [['landlock_create_ruleset', 'enosys']]);
});

findings('argument-decided calls are listed apart and do not fail the check', () => {
  const result = findingsOf(traced(['100 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3']), profile);
  assert.equal(result.conditional.map((s) => s.name), ['socket']);
  assert.is(result.fits, true);
});

findings('a process in an arch the profile does not list is a finding', () => {
  const result = findingsOf(traced(['[ Process PID=100 runs in 32 bit mode. ]', '100 read(0, "", 1) = 0']), profile);
  assert.equal(result.newArchitectures, ['SCMP_ARCH_X86']);
  assert.is(result.fits, false);
});

findings('a profile without architectures stands for the native one', () => {
  const { architectures: _arches, ...native } = profile;
  assert.equal(findingsOf(traced(['100 read(0, "", 1) = 0']), native).newArchitectures, []);
});

findings('numbers no table names are kept apart, not failed on', () => {
  const result = findingsOf(traced(['100 syscall_0xfffff(0x1, 0x2) = -1 ENOSYS (Function not implemented)']), profile);
  assert.equal({ ...result.unresolved }, { syscall_0xfffff: 1 });
  assert.is(result.fits, true);
});

findings.run();
