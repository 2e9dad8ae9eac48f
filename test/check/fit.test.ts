import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { answerFor, fitOf } from '../../src/check/fit.js';
import type { Profile } from '../../src/profile/model.js';

const allowList: Profile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  syscalls: [
    { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
    { names: ['getpid'], action: 'SCMP_ACT_LOG' },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
  ],
};

const denyList: Profile = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [
    { names: ['mount'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
    { names: ['clone'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, args: [{ index: 0, value: 0x10000000, valueTwo: 0x10000000, op: 'SCMP_CMP_MASKED_EQ' }] },
  ],
};

const fit = suite('how a profile treats one syscall name');

fit('ALLOW and LOG rules let a call through', () => {
  assert.is(fitOf(allowList, 'read'), 'allowed');
  assert.is(fitOf(allowList, 'getpid'), 'allowed');
});

fit('an explicit ERRNO(ENOSYS) rule is the intended answer, not a denial', () => {
  assert.is(fitOf(allowList, 'clone3'), 'enosys');
});

fit('explicit denials and unnamed calls under a denying default are denied', () => {
  assert.is(fitOf(allowList, 'ptrace'), 'denied');
  assert.is(fitOf(allowList, 'chdir'), 'denied');
  assert.is(fitOf(denyList, 'mount'), 'denied');
});

fit('a call only argument rules decide is conditional', () => {
  assert.is(fitOf(allowList, 'socket'), 'conditional');
  assert.is(fitOf(denyList, 'clone'), 'conditional');
});

fit('allowing conditions on top of an allowing default change nothing', () => {
  assert.is(fitOf(denyList, 'personality'), 'allowed');
  assert.is(fitOf(denyList, 'chdir'), 'allowed');
});

fit('the answer names the action and errno the call would get', () => {
  assert.is(answerFor(allowList, 'chdir'), 'SCMP_ACT_ERRNO(1)');
  assert.is(answerFor(denyList, 'mount'), 'SCMP_ACT_ERRNO(1)');
  assert.is(answerFor({ defaultAction: 'SCMP_ACT_KILL_PROCESS', syscalls: [] }, 'chdir'), 'SCMP_ACT_KILL_PROCESS');
});

fit.run();
