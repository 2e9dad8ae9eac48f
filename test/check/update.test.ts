import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckFindings } from '../../src/check/findings.js';
import { additionsProfile, updatedProfile } from '../../src/check/update.js';
import { allowedNames, type Profile } from '../../src/profile/model.js';

const profile: Profile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  syscalls: [
    { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
  ],
};

function findings(partial: Partial<CheckFindings>): CheckFindings {
  return { newSyscalls: [], conditional: [], newArchitectures: [], nativeArchitecture: 'SCMP_ARCH_X86_64', unknown: [], unresolved: {}, tracedCalls: 0, fits: false, ...partial };
}

const need = (name: string, needs: 'allow' | 'enosys' = 'allow') => ({ name, count: 1, firstPid: 1, firstCommand: 'sh', answer: 'SCMP_ACT_ERRNO(1)', needs });

const update = suite('check --update');

update('adds the new calls to the allow list and keeps everything else', () => {
  const { profile: merged, conflicts } = updatedProfile(profile, findings({ newSyscalls: [need('chdir'), need('uname')] }), 'p.json');
  assert.equal([...allowedNames(merged)].sort(), ['chdir', 'read', 'uname', 'write']);
  assert.equal(merged.syscalls.find((r) => r.names.includes('clone3')), { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  assert.is(merged.defaultErrnoRet, 1);
  assert.equal(conflicts, []);
});

update('a probe that needs ENOSYS gets an ENOSYS rule', () => {
  const additions = additionsProfile(profile, findings({ newSyscalls: [need('landlock_create_ruleset', 'enosys')] }));
  assert.equal(additions.syscalls, [{ names: ['landlock_create_ruleset'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
});

update('a new arch on a profile without architectures keeps the native one', () => {
  const { profile: merged } = updatedProfile(profile, findings({ newArchitectures: ['SCMP_ARCH_X86'] }), 'p.json');
  assert.equal(merged.architectures, ['SCMP_ARCH_X86', 'SCMP_ARCH_X86_64']);
});

update.run();
