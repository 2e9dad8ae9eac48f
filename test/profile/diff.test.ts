import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffProfiles, type SyscallChange } from '../../src/profile/diff.js';
import type { Profile } from '../../src/profile/model.js';
import { parseProfile } from '../../src/profile/read.js';
import { readFixture } from '../helpers.js';

const load = (name: string) => parseProfile(readFixture('profiles', name), name).profile;
const base: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' }] };
const change = (old: Profile, next: Profile, name: string): SyscallChange | undefined => diffProfiles(old, next).syscalls.find((s) => s.name === name);

const kinds = suite('diff: every kind of change');

kinds('identical profiles have no changes, whatever their layout', () => {
  const shuffled: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['write'], action: 'SCMP_ACT_ALLOW' }, { names: ['read'], action: 'SCMP_ACT_ALLOW' }] };
  const diff = diffProfiles(base, shuffled);
  assert.equal(diff.syscalls, []);
  assert.is(diff.summary.hasChanges, false);
  assert.is(diff.summary.widens, false);
});

kinds('an added syscall is added and widens', () => {
  const next = { ...base, syscalls: [{ names: ['read', 'write', 'openat'], action: 'SCMP_ACT_ALLOW' as const }] };
  assert.equal(change(base, next, 'openat'), { name: 'openat', kind: 'added', aspects: [], widened: true, new: { action: { action: 'SCMP_ACT_ALLOW' }, conditions: [] } });
});

kinds('a removed syscall is removed and does not widen an allow list', () => {
  const next = { ...base, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' as const }] };
  const diff = diffProfiles(base, next);
  assert.equal(diff.syscalls.map((s) => [s.name, s.kind, s.widened]), [['write', 'removed', false]]);
  assert.is(diff.summary.widens, false);
  assert.is(diff.summary.hasChanges, true);
});

kinds('removing a deny rule from a deny list widens', () => {
  const deny: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }] };
  assert.is(change(deny, { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }, 'ptrace')?.widened, true);
});

kinds('an action change is reported with both sides', () => {
  const old: Profile = { ...base, syscalls: [...base.syscalls, { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }] };
  const next: Profile = { ...base, syscalls: [{ names: ['read', 'write', 'clone3'], action: 'SCMP_ACT_ALLOW' }] };
  const c = change(old, next, 'clone3');
  assert.is(c?.kind, 'changed');
  assert.equal(c?.aspects, ['action']);
  assert.is(c?.widened, true);
});

kinds('an errno change alone is an errno change that does not widen', () => {
  const old: Profile = { ...base, syscalls: [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] };
  const next: Profile = { ...base, syscalls: [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }] };
  const c = change(old, next, 'clone3');
  assert.equal(c?.aspects, ['errno']);
  assert.is(c?.widened, false);
});

kinds('changed argument conditions are an args change', () => {
  const rule = (value: number): Profile => ({ ...base, syscalls: [{ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] }] });
  const c = change(rule(0), rule(8), 'personality');
  assert.equal(c?.aspects, ['args']);
  assert.is(c?.widened, true, 'a new allowing condition lets more through');
});

kinds('arches, flags and the default action are compared', () => {
  const diff = diffProfiles(load('diff-old.json'), load('diff-new.json'));
  assert.equal(diff.architectures, { added: ['SCMP_ARCH_AARCH64'], removed: ['SCMP_ARCH_X86'] });
  assert.equal(diff.flags, { added: ['SECCOMP_FILTER_FLAG_LOG'], removed: [] });
  assert.equal(diff.defaultAction, { old: { action: 'SCMP_ACT_ERRNO', errnoRet: 1 }, new: { action: 'SCMP_ACT_KILL_PROCESS' } });
});

const sensitive = suite('diff: sensitive syscalls');

sensitive('an added capability-only syscall is flagged with the reason', () => {
  const next = { ...base, syscalls: [{ names: ['read', 'write', 'mount'], action: 'SCMP_ACT_ALLOW' as const }] };
  assert.is(change(base, next, 'mount')?.sensitive, 'Docker allows it only with CAP_SYS_ADMIN');
});

sensitive('a sensitive syscall that is added as denied is not flagged', () => {
  const next: Profile = { ...base, syscalls: [...base.syscalls, { names: ['mount'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }] };
  assert.is(change(base, next, 'mount')?.sensitive, undefined);
});

sensitive('the summary counts every kind', () => {
  const diff = diffProfiles(load('diff-old.json'), load('diff-new.json'));
  assert.equal(diff.summary, { added: 2, removed: 1, changed: 4, sensitive: 1, hasChanges: true, widens: true });
});

for (const s of [kinds, sensitive]) s.run();
