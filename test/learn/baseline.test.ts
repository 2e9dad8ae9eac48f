import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareWithDefault } from '../../src/learn/baseline.js';
import type { Profile } from '../../src/profile/model.js';

const baseline = suite('compareWithDefault');

const engineDefault: Profile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  syscalls: [
    { names: ['read', 'write', 'close', 'openat', 'not_a_syscall'], action: 'SCMP_ACT_ALLOW' },
    { names: ['ptrace'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_PTRACE'] } },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
  ],
};

baseline('counts names on this arch only, resolving capability-gated rules as for a plain container', () => {
  const learned: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'clone3'], action: 'SCMP_ACT_ALLOW' }] };
  const result = compareWithDefault(learned, engineDefault, '/x/seccomp.json', 'x86_64');
  assert.equal(result, { source: '/x/seccomp.json', defaultAllows: 4, profileAllows: 3, fewer: 1, beyondDefault: ['clone3'] });
});

baseline.run();
