import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Aggregator } from '../../src/learn/aggregate.js';
import { buildPolicy, ENOSYS, PROBE_SYSCALLS } from '../../src/learn/policy.js';
import type { SyscallEvent } from '../../src/strace/events.js';

const call = (name: string, errno?: string): SyscallEvent => ({
  kind: 'syscall',
  pid: 1,
  name,
  args: '',
  result: errno ? { value: '-1', errno } : { value: '0' },
});

function setOf(events: SyscallEvent[], mode: 'all' | 'after-filter-load' = 'all') {
  const agg = new Aggregator('x86_64', mode);
  for (const e of events) agg.add(e);
  return agg.set;
}

const rules = suite('buildPolicy rules');

rules('allows what was used, denies the rest with EPERM', () => {
  const { profile } = buildPolicy(setOf([call('read'), call('write'), call('openat', 'ENOENT')]), { strict: true });
  assert.is(profile.defaultAction, 'SCMP_ACT_ERRNO');
  assert.is(profile.defaultErrnoRet, 1);
  assert.equal(profile.architectures, ['SCMP_ARCH_X86_64']);
  assert.equal(profile.syscalls[0], { names: ['openat', 'read', 'write'], action: 'SCMP_ACT_ALLOW' });
});

rules('a call that only ever got ENOSYS keeps getting ENOSYS', () => {
  const { profile, enosys, allowed } = buildPolicy(setOf([call('read'), call('clone3', 'ENOSYS'), call('clone3', 'ENOSYS')]), { strict: true });
  const rule = profile.syscalls.find((r) => r.errnoRet === ENOSYS);
  assert.ok(rule?.names.includes('clone3'));
  assert.not.ok(allowed.includes('clone3'));
  assert.match(enosys.find((n) => n.name === 'clone3')?.reason ?? '', /probed 2/);
});

rules('a call that sometimes succeeded is allowed even if it also got ENOSYS', () => {
  const { allowed } = buildPolicy(setOf([call('statx', 'ENOSYS'), call('statx')]), { strict: true });
  assert.ok(allowed.includes('statx'));
});

rules('unused probe syscalls answer ENOSYS, used ones are allowed', () => {
  const { profile } = buildPolicy(setOf([call('clone3'), call('read')]), { strict: true });
  const enosysRule = profile.syscalls.find((r) => r.errnoRet === ENOSYS);
  assert.not.ok(enosysRule?.names.includes('clone3'));
  assert.ok(enosysRule?.names.includes('faccessat2'));
  assert.ok(enosysRule?.names.includes('openat2'));
  for (const name of enosysRule?.names ?? []) assert.ok((PROBE_SYSCALLS as readonly string[]).includes(name));
});

rules('names no table knows are rejected, not written', () => {
  const { profile, rejected } = buildPolicy(setOf([call('read'), call('__proto__'), call('pread')]), { strict: true });
  assert.equal(profile.syscalls[0]?.names, ['read']);
  assert.equal(rejected.map((r) => r.name), ['__proto__', 'pread']);
});

const additions = suite('buildPolicy additions');

additions('adds vDSO fallbacks, exit and signal return with reasons', () => {
  const { allowed, added } = buildPolicy(setOf([call('read')]));
  for (const name of ['clock_gettime', 'gettimeofday', 'time', 'getcpu', 'exit', 'exit_group', 'rt_sigreturn', 'restart_syscall']) {
    assert.ok(allowed.includes(name), name);
    assert.ok(added.find((n) => n.name === name)?.reason, `${name} has a reason`);
  }
  assert.not.ok(allowed.includes('sigreturn'), 'sigreturn does not exist on x86_64');
});

additions('--strict adds nothing that was not traced', () => {
  const { allowed, added } = buildPolicy(setOf([call('read')]), { strict: true });
  assert.equal(allowed, ['read']);
  assert.equal(added, []);
});

additions('the runtime base set stands in only when no filter-load marker was seen', () => {
  const noMarker = buildPolicy(setOf([call('read')], 'after-filter-load'), { runtime: 'runc' });
  assert.ok(noMarker.usedRuntimeBase);
  assert.ok(noMarker.allowed.includes('capset'));
  const marked = setOf([{ ...call('prctl'), args: 'PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0x1' }, call('read')], 'after-filter-load');
  const withMarker = buildPolicy(marked, { runtime: 'runc' });
  assert.not.ok(withMarker.usedRuntimeBase);
  assert.not.ok(withMarker.allowed.includes('capset'));
});

additions('container recordings allow the runtime calls that come and go between runs', () => {
  const marked = setOf([{ ...call('prctl'), args: 'PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0x1' }, call('read')], 'after-filter-load');
  const { allowed, added } = buildPolicy(marked, { runtime: 'runc' });
  for (const name of ['sched_yield', 'tgkill', 'futex']) {
    assert.ok(allowed.includes(name), name);
    assert.match(added.find((n) => n.name === name)?.reason ?? '', /some runs and not others/);
  }
  assert.not.ok(buildPolicy(marked, { runtime: 'runc', strict: true }).allowed.includes('sched_yield'));
  assert.not.ok(buildPolicy(setOf([call('read')]), {}).allowed.includes('sched_yield'));
});

additions('the same set always gives the same profile', () => {
  const a = buildPolicy(setOf([call('write'), call('read'), call('close')]));
  const b = buildPolicy(setOf([call('close'), call('read'), call('write')]));
  assert.equal(JSON.stringify(a.profile), JSON.stringify(b.profile));
});

rules.run();
additions.run();
