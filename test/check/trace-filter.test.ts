import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { personalityOf, PROCESS_CALLS, traceFilter } from '../../src/check/trace-filter.js';
import type { Profile } from '../../src/profile/model.js';

const filter = suite('the strace filter check runs under');

filter('an allow-list: trace everything except what it allows or answers ENOSYS, as ?names', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['write', 'read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
    ],
  };
  const result = traceFilter(profile);
  assert.is(result.mode, 'all-but');
  assert.equal(result.names, ['read', 'write']);
  assert.equal(result.flags, ['--seccomp-bpf', '-e', 'trace=!?read@64,?write@64']);
});

filter('only native calls are skipped: the personality follows the native arch', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] };
  assert.is(traceFilter(profile, 'aarch64').flags[2], 'trace=!?read@64');
  assert.is(traceFilter(profile, 'riscv64').flags[2], 'trace=!?read@64');
  assert.is(traceFilter(profile, 'arm').flags[2], 'trace=!?read@32');
  assert.is(traceFilter(profile, 'x86').flags[2], 'trace=!?read@32');
  assert.is(traceFilter(profile, 'x32').flags[2], 'trace=!?read@x32');
  assert.equal([personalityOf('s390x'), personalityOf('ppc64le')], ['64', '64']);
});

filter('process calls stay traced even when allowed: the aggregator follows processes through them', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: [...PROCESS_CALLS, 'read'], action: 'SCMP_ACT_ALLOW' }] };
  assert.equal(traceFilter(profile).names, ['read']);
});

filter('a deny-list: trace only the calls it refuses or decides by argument, plus process calls', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [
      { names: ['mount'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      { names: ['openat2'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      { names: ['getpid'], action: 'SCMP_ACT_ALLOW' },
    ],
  };
  const result = traceFilter(profile);
  assert.is(result.mode, 'only');
  assert.equal(result.names, ['clone', 'clone3', 'execve', 'execveat', 'fork', 'mount', 'vfork']);
  assert.is(result.flags[2], 'trace=?clone,?clone3,?execve,?execveat,?fork,?mount,?vfork');
});

filter('a profile that allows nothing traces every call', () => {
  assert.equal(traceFilter({ defaultAction: 'SCMP_ACT_KILL', syscalls: [] }), { mode: 'all', names: [], flags: ['--seccomp-bpf'] });
});

filter('a name that cannot be a syscall never reaches strace', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'x,y', '!all', 'Read'], action: 'SCMP_ACT_ALLOW' }] };
  assert.equal(traceFilter(profile).flags, ['--seccomp-bpf', '-e', 'trace=!?read@64']);
});

filter.run();
