import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.js';
import { mergeProfiles } from '../../src/profile/merge.js';
import type { Profile } from '../../src/profile/model.js';
import { parseProfile } from '../../src/profile/read.js';
import { writeDockerProfile } from '../../src/profile/write/docker.js';
import { readFixture } from '../helpers.js';
import { matchGolden } from './golden.js';

const fixture = (name: string) => ({ source: name, profile: parseProfile(readFixture('profiles', name), name).profile });

const union = suite('merging allow lists');

union('the result allows every syscall any input allowed, on every arch any input listed', () => {
  const { profile } = mergeProfiles([fixture('run-a.json'), fixture('run-b.json')]);
  matchGolden('merged-runs.json', writeDockerProfile(profile));
  assert.equal(profile.architectures, ['SCMP_ARCH_X86', 'SCMP_ARCH_X86_64']);
  assert.equal(profile.syscalls[0]?.names, ['clone3', 'exit_group', 'openat', 'read', 'socket', 'write']);
});

union('identical rules appear once', () => {
  const a = fixture('run-b.json');
  const { profile } = mergeProfiles([a, { ...a, source: 'copy.json' }]);
  assert.equal(profile, mergeProfiles([a]).profile);
  assert.is(profile.syscalls.filter((r) => r.names.includes('personality')).length, 1);
});

union('merging one profile gives it back unchanged', () => {
  const learned = fixture('learned.json');
  assert.equal(mergeProfiles([learned]).profile, learned.profile);
});

union('a conditional rule is dropped for a name another input allows outright', () => {
  const conditional: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }] }] };
  const plain: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['personality'], action: 'SCMP_ACT_ALLOW' }] };
  assert.equal(mergeProfiles([{ source: 'a', profile: conditional }, { source: 'b', profile: plain }]).profile.syscalls, [{ names: ['personality'], action: 'SCMP_ACT_ALLOW' }]);
});

const conflicts = suite('merge conflicts');

conflicts('different actions for one syscall: the more permissive wins and is reported', () => {
  const result = mergeProfiles([fixture('run-a.json'), fixture('run-b.json')]);
  assert.equal(result.conflicts, [
    {
      syscall: 'clone3',
      chosen: { action: 'SCMP_ACT_ALLOW' },
      candidates: [
        { source: 'run-a.json', action: { action: 'SCMP_ACT_ERRNO', errnoRet: 38 }, implicit: false },
        { source: 'run-b.json', action: { action: 'SCMP_ACT_ALLOW' }, implicit: false },
      ],
    },
  ]);
  assert.equal(result.warnings, ['clone3: inputs disagree (run-a.json SCMP_ACT_ERRNO(38), run-b.json SCMP_ACT_ALLOW); kept the more permissive SCMP_ACT_ALLOW']);
});

conflicts('ENOSYS wins over the default EPERM without being a conflict', () => {
  const a: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }] };
  const b: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] };
  const result = mergeProfiles([{ source: 'a', profile: a }, { source: 'b', profile: b }]);
  assert.equal(result.conflicts, []);
  assert.ok(result.profile.syscalls.some((r) => r.names.includes('clone3') && r.errnoRet === 38));
});

conflicts('in deny lists a syscall one input denies and another allows by default ends up allowed, reported', () => {
  const deny: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }] };
  const open: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] };
  const result = mergeProfiles([{ source: 'a', profile: deny }, { source: 'b', profile: open }]);
  assert.equal(result.profile.syscalls, []);
  assert.equal(result.warnings, ['ptrace: inputs disagree (a SCMP_ACT_ERRNO, b SCMP_ACT_ALLOW by default); kept the more permissive SCMP_ACT_ALLOW']);
});

conflicts('different default actions are an input error naming each input', () => {
  assert.throws(
    () => mergeProfiles([fixture('run-a.json'), fixture('kill-default.json')]),
    (e: unknown) =>
      e instanceof InputError &&
      e.message === 'the profiles disagree on the default action (run-a.json SCMP_ACT_ERRNO, kill-default.json SCMP_ACT_KILL_PROCESS); merging them would change what one of them denies' &&
      e.hint === 'choose one with --default-action, e.g. --default-action SCMP_ACT_ERRNO',
  );
});

conflicts('an explicit default action settles the disagreement', () => {
  const { profile } = mergeProfiles([fixture('run-a.json'), fixture('kill-default.json')], { defaultAction: { action: 'SCMP_ACT_ERRNO', errnoRet: 1 } });
  assert.is(profile.defaultAction, 'SCMP_ACT_ERRNO');
  assert.is(profile.defaultErrnoRet, 1);
  assert.ok(profile.syscalls[0]?.names.includes('exit_group'));
});

conflicts('different listener paths cannot be merged', () => {
  const a: Profile = { defaultAction: 'SCMP_ACT_ERRNO', listenerPath: '/run/a.sock', syscalls: [] };
  const b: Profile = { defaultAction: 'SCMP_ACT_ERRNO', listenerPath: '/run/b.sock', syscalls: [] };
  assert.throws(() => mergeProfiles([{ source: 'a', profile: a }, { source: 'b', profile: b }]), /disagree on listenerPath \(a: \/run\/a\.sock, b: \/run\/b\.sock\)/);
});

const report = suite('merge contribution report');

report('each input lists the syscalls it had and the ones only it had', () => {
  const { contributions } = mergeProfiles([fixture('run-a.json'), fixture('run-b.json')]);
  assert.equal(contributions, [
    { source: 'run-a.json', syscalls: ['clone3', 'exit_group', 'openat', 'read', 'write'], only: ['openat'] },
    { source: 'run-b.json', syscalls: ['clone3', 'exit_group', 'personality', 'read', 'socket', 'write'], only: ['personality', 'socket'] },
  ]);
});

for (const s of [union, conflicts, report]) s.run();
