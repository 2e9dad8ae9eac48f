import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Aggregator, commandFromExecve, isFilterLoad, MAX_DISTINCT_KEYS, MAX_ERRNOS_PER_SYSCALL, MAX_LIVE_PROCESSES } from '../../src/learn/aggregate.js';
import type { SyscallEvent } from '../../src/strace/events.js';

const call = (pid: number, name: string, args = '', value = '0', errno?: string, number?: number): SyscallEvent => ({
  kind: 'syscall',
  pid,
  name,
  args,
  result: errno === undefined ? { value } : { value, errno },
  ...(number === undefined ? {} : { number }),
});

const counting = suite('Aggregator counting');

counting('counts every call per name with its errno results', () => {
  const agg = new Aggregator('x86_64');
  agg.add(call(1, 'openat', '"/etc/x", O_RDONLY', '3'));
  agg.add(call(1, 'openat', '"/nope", O_RDONLY', '-1', 'ENOENT'));
  agg.add(call(2, 'openat', '"/nope", O_RDONLY', '-1', 'ENOENT'));
  const usage = agg.set.usage.get('openat');
  assert.is(usage?.count, 3);
  assert.equal([...(usage?.errors ?? [])], [['ENOENT', 2]]);
  assert.is(usage?.firstPid, 1);
});

counting('names the first command from the last successful execve of the pid', () => {
  const agg = new Aggregator('x86_64');
  agg.add(call(7, 'execve', '"/usr/bin/ls", ["ls", "/"], 0x7ffd /* 20 vars */'));
  agg.add(call(7, 'getdents64', '3, 0x55 /* 20 entries */, 32768', '600'));
  assert.is(agg.set.usage.get('getdents64')?.firstCommand, 'ls');
  assert.equal([...agg.set.commands], [['ls', 1]]);
});

counting('children inherit the command of the parent that forked them', () => {
  const agg = new Aggregator('x86_64');
  agg.add(call(10, 'execve', '"/bin/sh", ["sh"], 0x1 /* 1 var */'));
  agg.add(call(10, 'clone', 'child_stack=NULL, flags=SIGCHLD', '11'));
  agg.add(call(11, 'pipe2', '[3, 4], 0'));
  assert.is(agg.set.usage.get('pipe2')?.firstCommand, 'sh');
});

counting('resolves syscall_0x numbers through the table of the process arch', () => {
  const agg = new Aggregator('x86_64');
  agg.add(call(1, 'syscall_0x101', '0', '3', undefined, 0x101));
  agg.add(call(1, 'syscall_0x1ff', '0', '-1', 'ENOSYS', 0x1ff));
  assert.ok(agg.set.usage.has('openat'));
  assert.equal([...agg.set.unresolved], [['syscall_0x1ff', 1]]);
});

counting('personality changes record the sub-architecture', () => {
  const agg = new Aggregator('x86_64');
  agg.add({ kind: 'personality', pid: 5, mode: '32 bit' });
  agg.add(call(5, 'socketcall', '1, [2, 1, 0]', '3'));
  assert.equal([...agg.set.arches].sort(), ['x86', 'x86_64']);
  assert.equal([...(agg.set.usage.get('socketcall')?.arches ?? [])], ['x86']);
});

counting('a personality with no table here is counted, not fatal', () => {
  const agg = new Aggregator('s390x');
  agg.add({ kind: 'personality', pid: 5, mode: '32 bit' });
  agg.add(call(5, 'read', '0, "", 1'));
  assert.equal([...agg.set.unsupportedModes], [['32 bit', 1]]);
  assert.equal([...agg.set.arches], ['s390x']);
});

counting('hostile names are counted without touching Object.prototype', () => {
  const agg = new Aggregator('x86_64');
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) agg.add(call(1, name));
  assert.is(agg.set.usage.size, 4);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is(Object.getPrototypeOf({}), Object.prototype);
});

const window = suite('Aggregator filter-load window');

window('recognises prctl and seccomp filter loads, decoded and raw', () => {
  assert.ok(isFilterLoad(call(1, 'prctl', 'PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0xc000')));
  assert.ok(isFilterLoad(call(1, 'seccomp', 'SECCOMP_SET_MODE_FILTER, 0, {len=32, filter=0x5}')));
  assert.ok(isFilterLoad(call(1, 'prctl', '0x16, 0x2, 0xc000')));
  assert.not.ok(isFilterLoad(call(1, 'prctl', 'PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0')));
  assert.not.ok(isFilterLoad(call(1, 'seccomp', 'SECCOMP_SET_MODE_FILTER, 0, {}', '-1', 'EINVAL')));
});

window('after-filter-load ignores the runtime setup before the marker', () => {
  const agg = new Aggregator('x86_64', 'after-filter-load');
  agg.add(call(1, 'mount', '"proc", "/proc", "proc", 0, NULL'));
  agg.add(call(1, 'pivot_root', '".", "."'));
  agg.add(call(1, 'prctl', 'PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0xc000'));
  agg.add(call(1, 'capset', '{version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {}'));
  agg.add(call(1, 'execve', '"/bin/sh", ["sh"], 0x1 /* 1 var */'));
  assert.equal([...agg.set.usage.keys()].sort(), ['capset', 'execve']);
  assert.is(agg.set.window.markerSeen, true);
  assert.is(agg.set.window.markerPid, 1);
  assert.is(agg.set.window.skippedBeforeMarker, 2);
});

window('without a marker nothing is counted and the set says so', () => {
  const agg = new Aggregator('x86_64', 'after-filter-load');
  agg.add(call(1, 'read', '0, "", 1'));
  assert.is(agg.set.usage.size, 0);
  assert.is(agg.set.window.markerSeen, false);
});

const execve = suite('commandFromExecve');

execve('takes the basename of the quoted path', () => {
  assert.is(commandFromExecve('"/usr/lib/x/python3.11", ["python3"]'), 'python3.11');
  assert.is(commandFromExecve('"sh", ["sh"]'), 'sh');
});

execve('refuses paths it cannot read', () => {
  assert.is(commandFromExecve('0x7ffd, ["x"]'), undefined);
  assert.is(commandFromExecve('"/usr/bin/", []'), undefined);
});

const bounded = suite('Aggregator memory under forged names');

bounded('names no syscall table knows are itemized up to MAX_DISTINCT_KEYS, later ones only counted', () => {
  const agg = new Aggregator('x86_64');
  for (let i = 0; i < MAX_DISTINCT_KEYS + 50; i++) agg.add(call(1, `forged_${i}`));
  agg.add(call(1, 'forged_0'));
  agg.add(call(1, 'read'));
  agg.add(call(1, 'arm_fadvise64_64'));
  assert.is(agg.set.usage.size, MAX_DISTINCT_KEYS + 2);
  assert.is(agg.set.usage.get('forged_0')?.count, 2);
  assert.ok(agg.set.usage.has('read') && agg.set.usage.has('arm_fadvise64_64'), 'real syscall names, of any arch, are never dropped');
  assert.equal(agg.set.overflow, { unknownNames: 50, unresolvedNumbers: 0, commands: 0, errors: 0, processes: 0 });
});

bounded('unresolved numbers, commands and errno texts are bounded the same way', () => {
  const agg = new Aggregator('x86_64');
  for (let i = 0; i < MAX_DISTINCT_KEYS + 5; i++) {
    const number = 0x10000 + i;
    agg.add(call(1, `syscall_0x${number.toString(16)}`, '', '-1', 'ENOSYS', number));
    agg.add(call(2, 'execve', `"/bin/prog${i}", ["prog"], 0x1 /* 1 var */`));
  }
  for (let i = 0; i < MAX_ERRNOS_PER_SYSCALL + 7; i++) agg.add(call(3, 'openat', '', '-1', `EFORGED${i}`));
  assert.is(agg.set.unresolved.size, MAX_DISTINCT_KEYS);
  assert.is(agg.set.commands.size, MAX_DISTINCT_KEYS);
  assert.is(agg.set.usage.get('openat')?.errors.size, MAX_ERRNOS_PER_SYSCALL);
  assert.is(agg.set.usage.get('openat')?.count, MAX_ERRNOS_PER_SYSCALL + 7);
  assert.equal(agg.set.overflow, { unknownNames: 0, unresolvedNumbers: 5, commands: 5, errors: 7, processes: 0 });
});

bounded('pids that never exit are followed up to MAX_LIVE_PROCESSES at once, the oldest dropped first', () => {
  const agg = new Aggregator('x86_64');
  // The first process's command must survive: it is the newest once it calls again at the end.
  agg.add(call(1, 'execve', '"/bin/first", ["first"], 0x1 /* 1 var */'));
  for (let pid = 2; pid <= MAX_LIVE_PROCESSES + 100; pid++) agg.add(call(pid, 'getpid'));
  agg.add(call(MAX_LIVE_PROCESSES + 100, 'clone', '', String(MAX_LIVE_PROCESSES + 101)));
  assert.is(agg.set.usage.get('getpid')?.count, MAX_LIVE_PROCESSES + 99, 'every call still counts');
  assert.is(agg.set.processes, MAX_LIVE_PROCESSES + 101);
  assert.is(agg.set.overflow.processes, 101 - 0);
  agg.add(call(1, 'openat'));
  assert.is(agg.set.usage.get('openat')?.firstCommand, undefined, 'pid 1 was dropped: its command is gone');
});

counting.run();
window.run();
execve.run();
bounded.run();
