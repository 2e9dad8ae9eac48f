import { createReadStream, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Profile } from '../../src/profile/model.js';
import { parseStream, TraceParser, type StitchedEvent } from '../../src/strace/stream.js';
import { DenialCollector, findDenials } from '../../src/verify/denials.js';
import { fixturePath } from '../helpers.js';

// Traces captured with fixtures/verify/capture.sh: seccomp-exec loading the profile next to them.
async function traceEvents(name: string): Promise<StitchedEvent[]> {
  const events: StitchedEvent[] = [];
  await parseStream(createReadStream(fixturePath('strace', name)), (e) => events.push(e));
  return events;
}

function profileFixture(name: string): Profile {
  return JSON.parse(readFileSync(fixturePath('verify', name), 'utf8')) as Profile;
}

function linesEvents(lines: string[]): StitchedEvent[] {
  const events: StitchedEvent[] = [];
  const parser = new TraceParser((e) => events.push(e));
  for (const line of lines) parser.push(line);
  parser.end();
  return events;
}

const errno = suite('errno denials');

errno('a syscall left out of an allow-list is reported with its count, errno and first process', async () => {
  const denials = findDenials(await traceEvents('verify-python-socket.log'), profileFixture('python-socket.json'), 'x86_64');
  const socket = denials.find((d) => d.name === 'socket');
  assert.ok(socket, JSON.stringify(denials));
  assert.is(socket.count, 1);
  assert.is(socket.answer, 'EPERM');
  assert.is(socket.firstCommand, 'python3');
});

errno('the whole list is sorted by name and holds exactly what the profile refused', async () => {
  const denials = findDenials(await traceEvents('verify-python-socket.log'), profileFixture('python-socket.json'), 'x86_64');
  assert.equal(
    denials.map((d) => d.name),
    ['cachestat', 'socket'],
  );
});

errno('an explicit ENOSYS rule is an intended answer, not a denial', async () => {
  const denials = findDenials(await traceEvents('verify-python-socket.log'), profileFixture('python-socket.json'), 'x86_64');
  assert.not.ok(denials.some((d) => d.name === 'clone3'));
});

errno('ENOSYS from the default action is a denial, and other errnos then are not', async () => {
  const profile = profileFixture('python-socket.json');
  const enosysDefault: Profile = { ...profile, defaultErrnoRet: 38, syscalls: profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW') };
  const denials = findDenials(await traceEvents('verify-python-socket.log'), enosysDefault, 'x86_64');
  assert.equal(
    denials.map((d) => `${d.name} ${d.answer}`),
    ['clone3 ENOSYS'],
  );
});

errno('calls before the filter was loaded are never denials', async () => {
  // libseccomp probes with seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL) = -1 EFAULT before loading.
  const profile = profileFixture('python-socket.json');
  const deniesSeccomp: Profile = { ...profile, syscalls: [...profile.syscalls, { names: ['seccomp'], action: 'SCMP_ACT_ERRNO', errnoRet: 14 }] };
  const denials = findDenials(await traceEvents('verify-python-socket.log'), deniesSeccomp, 'x86_64');
  assert.not.ok(denials.some((d) => d.name === 'seccomp'));
});

errno('allowed calls that fail on their own are not denials', async () => {
  const events = await traceEvents('verify-python-socket.log');
  const enoent = events.filter((e) => e.kind === 'syscall' && e.result?.errno === 'ENOENT');
  assert.ok(enoent.length > 0, 'the fixture has failing allowed calls');
  const denials = findDenials(events, profileFixture('python-socket.json'), 'x86_64');
  assert.not.ok(denials.some((d) => d.answer === 'ENOENT'));
});

errno.run();

const signals = suite('signal denials');

signals('KILL_PROCESS and TRAP are reported as SIGSYS with the program that made the call', async () => {
  const denials = findDenials(await traceEvents('verify-shell-signals.log'), profileFixture('shell-signals.json'), 'x86_64');
  assert.equal(
    denials.map((d) => ({ name: d.name, count: d.count, answer: d.answer, command: d.firstCommand })),
    [
      { name: 'sethostname', count: 1, answer: 'SIGSYS', command: 'python3' },
      { name: 'uname', count: 1, answer: 'SIGSYS', command: 'uname' },
    ],
  );
});

signals('another thread of a killed process is not blamed for the kill', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['uname'], action: 'SCMP_ACT_KILL_PROCESS' }] };
  const events = linesEvents([
    '100 seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=9, filter=0x5}) = 0',
    '100 execve("/usr/bin/app", ["app"], 0x7ffd /* 3 vars */) = 0',
    '100 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 101',
    '101 futex(0x7f, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>',
    '100 uname({sysname="Linux", ...}) = 63',
    '101 +++ killed by SIGSYS +++',
    '100 +++ killed by SIGSYS (core dumped) +++',
  ]);
  assert.equal(
    findDenials(events, profile, 'x86_64').map((d) => `${d.name} ${d.count} ${d.firstPid}`),
    ['uname 1 100'],
  );
});

signals.run();

const tree = suite('process tree');

const denyUname: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] };

tree('a child forked before its parent loaded the filter runs unfiltered', () => {
  const events = linesEvents([
    '10 execve("/usr/bin/runtime", ["runtime"], 0x1 /* 1 var */) = 0',
    '10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = 11',
    '10 seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=9, filter=0x5}) = 0',
    '11 uname(0x7ffc) = -1 EPERM (Operation not permitted)',
    '10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = 12',
    '12 execve("/usr/bin/uname", ["uname"], 0x1 /* 1 var */) = 0',
    '12 uname(0x7ffc) = -1 EPERM (Operation not permitted)',
  ]);
  assert.equal(findDenials(events, denyUname, 'x86_64'), [{ name: 'uname', count: 1, firstPid: 12, firstCommand: 'uname', answer: 'EPERM' }]);
});

tree('a child whose lines come before the fork result still inherits the filter and the command', () => {
  const events = linesEvents([
    '20 execve("/bin/sh", ["sh"], 0x1 /* 1 var */) = 0',
    '20 prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0x7ffd) = 0',
    '20 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>',
    '21 uname(0x7ffc) = -1 EPERM (Operation not permitted)',
    '20 <... clone resumed>, child_tidptr=0x7f) = 21',
  ]);
  assert.equal(findDenials(events, denyUname, 'x86_64'), [{ name: 'uname', count: 1, firstPid: 21, firstCommand: 'sh', answer: 'EPERM' }]);
});

tree('a failed filter load does not start the filter', () => {
  const events = linesEvents([
    '30 seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, NULL) = -1 EFAULT (Bad address)',
    '30 uname(0x7ffc) = -1 EPERM (Operation not permitted)',
  ]);
  const collector = new DenialCollector(denyUname, 'x86_64');
  for (const event of events) collector.add(event);
  assert.is(collector.filterLoaded, false);
  assert.equal(collector.denials(), []);
});

tree('the workload counts as started once the first process execs after loading the filter', () => {
  const collector = new DenialCollector(denyUname, 'x86_64');
  for (const event of linesEvents([
    '40 execve("/opt/seccomp-exec", ["seccomp-exec"], 0x1 /* 1 var */) = 0',
    '40 seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=9, filter=0x5}) = 0',
    '40 execve("/usr/bin/nope", ["nope"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory)',
  ])) collector.add(event);
  assert.is(collector.filterLoaded, true);
  assert.is(collector.workloadStarted, false);
  collector.add(linesEvents(['40 execve("/usr/bin/true", ["true"], 0x1 /* 1 var */) = 0'])[0]!);
  assert.is(collector.workloadStarted, true);
});

tree.run();

const numbers = suite('syscall numbers');

numbers('a number strace could not name is resolved through the native table', async () => {
  // strace 6.1 prints syscall 451 as syscall_0x1c3; the table knows it as cachestat.
  const denials = findDenials(await traceEvents('verify-python-socket.log'), profileFixture('python-socket.json'), 'x86_64');
  assert.equal(denials.find((d) => d.name === 'cachestat')?.answer, 'EPERM');
});

numbers('a number no table knows keeps its strace name and meets the default action', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls: [{ names: ['execve'], action: 'SCMP_ACT_ALLOW' }] };
  const events = linesEvents([
    '50 seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=9, filter=0x5}) = 0',
    '50 execve("/usr/bin/app", ["app"], 0x1 /* 1 var */) = 0',
    '50 syscall_0x3e7(0x1, 0x2) = -1 EPERM (Operation not permitted)',
  ]);
  assert.equal(findDenials(events, profile, 'x86_64').map((d) => `${d.name} ${d.firstCommand}`), ['syscall_0x3e7 app']);
});

numbers.run();
