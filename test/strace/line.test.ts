import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCutLine, parseLine, parseLineAt, numberFromName } from '../../src/strace/line.js';
import { readdirSync } from 'node:fs';
import { fixturePath } from '../helpers.js';
import type { TraceEvent } from '../../src/strace/events.js';
import { readFixture } from '../helpers.js';

const fixtureLines = new Map<string, Set<string>>();

// Every line below is copied from a captured fixture; this proves it is still there, verbatim.
function captured(file: string, line: string): string {
  let lines = fixtureLines.get(file);
  if (lines === undefined) {
    lines = new Set(readFixture('strace', file).split('\n'));
    fixtureLines.set(file, lines);
  }
  assert.ok(lines.has(line), `${file} does not contain the line ${JSON.stringify(line)}`);
  return line;
}

function parses(file: string, line: string, expected: TraceEvent): void {
  assert.equal(parseLine(captured(file, line)), expected);
}

const access = {
  name: 'access',
  args: '"/etc/ld.so.preload", R_OK',
  result: { value: '-1', errno: 'ENOENT' },
};

const Prefix = suite('prefixes');

Prefix('a -f -o line starts with the pid and spaces', () => {
  parses('follow-file.log', '8186  brk(NULL)                         = 0x55b8b9cae000', {
    kind: 'syscall', pid: 8186, name: 'brk', args: 'NULL', result: { value: '0x55b8b9cae000' },
  });
});

Prefix('a -f line on stderr starts with [pid N]', () => {
  parses('follow-stderr.log', '[pid  8192] close(4)                    = 0', {
    kind: 'syscall', pid: 8192, name: 'close', args: '4', result: { value: '0' },
  });
});

Prefix('a line without prefix has an undefined pid', () => {
  parses('ff/trace.8201', 'dup2(4, 1)                              = 1', {
    kind: 'syscall', pid: undefined, name: 'dup2', args: '4, 1', result: { value: '1' },
  });
});

Prefix('-Y adds <comm> after the pid, in the prefix and in pid results', () => {
  parses('comm-Y.log', '8206<sh> getppid()                      = 8203<strace>', {
    kind: 'syscall', pid: 8206, name: 'getppid', args: '', result: { value: '8203<strace>' },
  });
});

Prefix('-t, -tt and -ttt timestamps are skipped', () => {
  const lines: [string, string][] = [
    ['time-t.log', '14:35:36 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)'],
    ['time-tt.log', '14:35:36.195316 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)'],
    ['time-ttt.log', '1795876536.217633 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)'],
  ];
  for (const [file, line] of lines) parses(file, line, { kind: 'syscall', pid: undefined, ...access });
});

Prefix('the -r delta is skipped', () => {
  parses('relative-r.log', '     0.000080 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)', {
    kind: 'syscall', pid: undefined, ...access,
  });
});

Prefix('the -T duration is not part of the result', () => {
  parses('syscall-time-T.log', 'access("/etc/ld.so.preload", R_OK)      = -1 ENOENT (No such file or directory) <0.000155>', {
    kind: 'syscall', pid: undefined, ...access,
  });
});

Prefix('-n gives the syscall number', () => {
  parses('syscall-number-n.log', '[  21] access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)', {
    kind: 'syscall', pid: undefined, name: 'access', number: 21, args: access.args, result: access.result,
  });
});

Prefix('the -i instruction pointer is skipped, known or not', () => {
  parses('instruction-pointer-i.log', '[00007f6cc0f5c9e7] access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)', {
    kind: 'syscall', pid: undefined, ...access,
  });
  parses('instruction-pointer-i.log', '[????????????????] +++ exited with 0 +++', {
    kind: 'exit', pid: undefined, how: 'exited', code: 0,
  });
});

Prefix('pid, -tt, -r as (+ delta), -n, -i and -T combine in strace order', () => {
  parses(
    'combined.log',
    '8264  14:35:36.685534 (+     0.000146) [  21] [00007f585d0859e7] access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000093>',
    { kind: 'syscall', pid: 8264, name: 'access', number: 21, args: access.args, result: access.result },
  );
  parses('combined-ttt.log', '8270  1795876536.723930 [  21] [00007f502de869e7] access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)', {
    kind: 'syscall', pid: 8270, name: 'access', number: 21, args: access.args, result: access.result,
  });
});

Prefix('-n also prefixes exit lines, whose event carries no number', () => {
  parses('syscall-number-n.log', '[ 231] +++ exited with 0 +++', { kind: 'exit', pid: undefined, how: 'exited', code: 0 });
});

Prefix.run();

const Result = suite('results');

Result('a padded result is found after the argument list', () => {
  parses('follow-file.log', '8186  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f907acc0000', {
    kind: 'syscall', pid: 8186, name: 'mmap', args: 'NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0', result: { value: '0x7f907acc0000' },
  });
});

Result('= ? has no errno', () => {
  parses('killed.log', 'kill(8296, SIGKILL)                     = ?', {
    kind: 'syscall', pid: undefined, name: 'kill', args: '8296, SIGKILL', result: { value: '?' },
  });
});

Result('= ? ERESTARTSYS and ERESTART_RESTARTBLOCK keep the errno name', () => {
  parses('erestartsys.log', 'read(3, 0x7f5c350cdc70, 1)              = ? ERESTARTSYS (To be restarted if SA_RESTART is set)', {
    kind: 'syscall', pid: undefined, name: 'read', args: '3, 0x7f5c350cdc70, 1', result: { value: '?', errno: 'ERESTARTSYS' },
  });
  parses(
    'restart-syscall.log',
    'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500000000}, {tv_sec=1, tv_nsec=38424892}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
    {
      kind: 'syscall', pid: undefined, name: 'clock_nanosleep',
      args: 'CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500000000}, {tv_sec=1, tv_nsec=38424892}',
      result: { value: '?', errno: 'ERESTART_RESTARTBLOCK' },
    },
  );
});

Result('-y decorations stay in the value and their paths do not end the arguments', () => {
  parses('decode-fds-y.log', 'openat(AT_FDCWD</work/main/fixtures/strace>, "/etc/hostname", O_RDONLY) = 3</etc/hostname>', {
    kind: 'syscall', pid: undefined, name: 'openat',
    args: 'AT_FDCWD</work/main/fixtures/strace>, "/etc/hostname", O_RDONLY', result: { value: '3</etc/hostname>' },
  });
  assert.equal(parseLine('close(3</tmp/cap/we) = 0 \\"b(\\74x\\76>)  = 0'), {
    kind: 'syscall', pid: undefined, name: 'close', args: '3</tmp/cap/we) = 0 \\"b(\\74x\\76>', result: { value: '0' },
  });
  assert.equal(parseLine('openat(AT_FDCWD, "/tmp/a b", O_RDONLY) = 3</tmp/a b>'), {
    kind: 'syscall', pid: undefined, name: 'openat', args: 'AT_FDCWD, "/tmp/a b", O_RDONLY', result: { value: '3</tmp/a b>' },
  });
});

Result('-yy socket decorations with -> stay whole', () => {
  parses('decode-fds-yy.log', 'sendto(3<UDP:[127.0.0.1:57001->127.0.0.1:9]>, "x", 1, 0, NULL, 0) = 1', {
    kind: 'syscall', pid: undefined, name: 'sendto', args: '3<UDP:[127.0.0.1:57001->127.0.0.1:9]>, "x", 1, 0, NULL, 0', result: { value: '1' },
  });
  parses('decode-fds-yy.log', 'socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<UDP:[14828]>', {
    kind: 'syscall', pid: undefined, name: 'socket', args: 'AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP', result: { value: '3<UDP:[14828]>' },
  });
  assert.equal(parseLine('dup(1</dev/pts/0<char 136:0>>) = 3</dev/pts/0<char 136:0>> <0.000012>'), {
    kind: 'syscall', pid: undefined, name: 'dup', args: '1</dev/pts/0<char 136:0>>', result: { value: '3</dev/pts/0<char 136:0>>' },
  });
});

Result('a bracketed explanation after the value is not an errno', () => {
  parses('results.log', 'pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=999997124})', {
    kind: 'syscall', pid: undefined, name: 'pselect6', args: '4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL', result: { value: '1' },
  });
});

Result('injected results and numeric errnos are read', () => {
  parses('results.log', 'getpid()                                = 42 (INJECTED)', {
    kind: 'syscall', pid: undefined, name: 'getpid', args: '', result: { value: '42' },
  });
  parses('results.log', 'getppid()                               = -1 ENOENT (No such file or directory) (INJECTED)', {
    kind: 'syscall', pid: undefined, name: 'getppid', args: '', result: { value: '-1', errno: 'ENOENT' },
  });
  parses('results.log', 'getuid()                                = -1 (errno 600) (INJECTED)', {
    kind: 'syscall', pid: undefined, name: 'getuid', args: '', result: { value: '-1', errno: 'errno 600' },
  });
});

Result('= ? <unavailable> leaves the result undefined', () => {
  parses('documented-forms.txt', '[pid 17288] write(1, "hello\\n", 6)      = ? <unavailable>', {
    kind: 'syscall', pid: 17288, name: 'write', args: '1, "hello\\n", 6', result: undefined,
  });
});

Result.run();

const Strings = suite('strings inside the arguments');

Strings('a string holding ") = " does not end the arguments', () => {
  parses('write-dump.log', 'write(1, "hello \\") = \\" world\\n", 19)  = 19', {
    kind: 'syscall', pid: undefined, name: 'write', args: '1, "hello \\") = \\" world\\n", 19', result: { value: '19' },
  });
});

Strings('escaped backslashes before a quote are counted', () => {
  parses('strings.log', '8349  write(1, "tab\\there \\\\\\" ) = -1 ENOENT\\n", 26) = 26', {
    kind: 'syscall', pid: 8349, name: 'write', args: '1, "tab\\there \\\\\\" ) = -1 ENOENT\\n", 26', result: { value: '26' },
  });
});

Strings('unfinished markers, comments and parentheses inside a string are text', () => {
  parses(
    'strings.log',
    '8351  openat(AT_FDCWD, "/tmp/strace-fixture-d/x) = 0 \\"y\\" \\\\ <unfinished ...> /* c */ (z", O_RDONLY) = -1 ENOENT (No such file or directory)',
    {
      kind: 'syscall', pid: 8351, name: 'openat',
      args: 'AT_FDCWD, "/tmp/strace-fixture-d/x) = 0 \\"y\\" \\\\ <unfinished ...> /* c */ (z", O_RDONLY',
      result: { value: '-1', errno: 'ENOENT' },
    },
  );
});

Strings('a truncated string ("..."...) and a /* comment */ are skipped', () => {
  parses('strings.log', '8351  execve("/usr/bin/cat", ["cat", "/tmp/strace-fixture-d/x) = 0 \\"y\\""...], 0x557f4728ee58 /* 39 vars */) = 0', {
    kind: 'syscall', pid: 8351, name: 'execve',
    args: '"/usr/bin/cat", ["cat", "/tmp/strace-fixture-d/x) = 0 \\"y\\""...], 0x557f4728ee58 /* 39 vars */', result: { value: '0' },
  });
  parses('xlat-verbose.log', 'access("/etc/ld.so.preload", 0x4 /* R_OK */) = -1 ENOENT (No such file or directory)', {
    kind: 'syscall', pid: undefined, name: 'access', args: '"/etc/ld.so.preload", 0x4 /* R_OK */', result: access.result,
  });
});

Strings('nested parentheses in the arguments are balanced', () => {
  parses('follow-file.log', '8186  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8187', {
    kind: 'resumed', pid: 8186, name: 'wait4', args: '[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL', result: { value: '8187' },
  });
});

Strings.run();

const Halves = suite('unfinished and resumed calls');

Halves('an unfinished call keeps its arguments so far', () => {
  parses('follow-file.log', '8186  newfstatat(AT_FDCWD, "/root/.pyenv/shims/cat",  <unfinished ...>', {
    kind: 'unfinished', pid: 8186, name: 'newfstatat', args: 'AT_FDCWD, "/root/.pyenv/shims/cat", ',
  });
});

Halves('a resumed call gives the rest of the arguments and the result', () => {
  parses('follow-file.log', '8186  <... newfstatat resumed>0x7fff89b0bac0, 0) = -1 ENOENT (No such file or directory)', {
    kind: 'resumed', pid: 8186, name: 'newfstatat', args: '0x7fff89b0bac0, 0', result: { value: '-1', errno: 'ENOENT' },
  });
  parses('follow-file.log', '8186  <... clone resumed>, child_tidptr=0x7f907aad2a10) = 8188', {
    kind: 'resumed', pid: 8186, name: 'clone', args: ', child_tidptr=0x7f907aad2a10', result: { value: '8188' },
  });
});

Halves('strace 4.26 and older put a space after resumed>', () => {
  parses('documented-forms.txt', '10224 <... clock_nanosleep resumed> NULL) = 0', {
    kind: 'resumed', pid: 10224, name: 'clock_nanosleep', args: 'NULL', result: { value: '0' },
  });
});

Halves('-n numbers the halves too', () => {
  parses('combined.log', '8265  14:35:36.691256 (+     0.000108) [ 273] [00007f585cf4438d] set_robust_list(0x7f585ce6da20, 24 <unfinished ...>', {
    kind: 'unfinished', pid: 8265, name: 'set_robust_list', number: 273, args: '0x7f585ce6da20, 24',
  });
});

Halves('restart_syscall is an ordinary call', () => {
  parses('restart-syscall.log', 'restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0', {
    kind: 'syscall', pid: undefined, name: 'restart_syscall', args: '<... resuming interrupted clock_nanosleep ...>', result: { value: '0' },
  });
});

Halves('???( is not a syscall', () => {
  parses('documented-forms.txt', '[pid 17288] ???( <unfinished ...>', { kind: 'info', pid: 17288, text: '???( <unfinished ...>' });
});

Halves('a line cut off inside a call reads as that call, unfinished', () => {
  assert.equal(parseCutLine('4242  getrandom("\\x3a\\x9e\\x51'), { kind: 'unfinished', pid: 4242, name: 'getrandom', args: '"\\x3a\\x9e\\x51' });
  assert.equal(parseCutLine('4242  read(3, "abc", 10) = '), { kind: 'unfinished', pid: 4242, name: 'read', args: '3, "abc", 10) = ' });
});

Halves('a line cut off before a call name got out stays malformed', () => {
  for (const text of ['4242  getrand', '42', '4242  <... read resumed>"ab', '4242  +++ exited with']) {
    assert.equal(parseCutLine(text), { kind: 'malformed', text, reason: 'cut off by the end of the input' }, text);
  }
});

Halves.run();

const Unknown = suite('unknown syscall numbers');

Unknown('syscall_0x1ff keeps its printed name and gets number 511', () => {
  parses(
    'unknown-syscall.log',
    'syscall_0x1ff(0x54d108955036e7c3, 0xa840f8, 0x7f6389ee97b0, 0x7f6389df90f0, 0x7f6389df9108, 0x6) = -1 ENOSYS (Function not implemented)',
    {
      kind: 'syscall', pid: undefined, name: 'syscall_0x1ff', number: 511,
      args: '0x54d108955036e7c3, 0xa840f8, 0x7f6389ee97b0, 0x7f6389df90f0, 0x7f6389df9108, 0x6',
      result: { value: '-1', errno: 'ENOSYS' },
    },
  );
});

Unknown('the decimal syscall_511 of old strace gets number 511', () => {
  parses('documented-forms.txt', '10224 syscall_511(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)', {
    kind: 'syscall', pid: 10224, name: 'syscall_511', number: 511, args: '0x1, 0x2, 0x3, 0x4, 0x5, 0x6', result: { value: '-1', errno: 'ENOSYS' },
  });
});

Unknown('an x32 call numbered by -n keeps the x32 bit', () => {
  parses('personality-n.log', '8309  [1073741863] getpid()             = -1 ENOSYS (Function not implemented)', {
    kind: 'syscall', pid: 8309, name: 'getpid', number: 0x40000000 + 39, args: '', result: { value: '-1', errno: 'ENOSYS' },
  });
});

Unknown('numberFromName reads only syscall_ names with valid digits', () => {
  assert.is(numberFromName('syscall_0x1ff'), 511);
  assert.is(numberFromName('syscall_511'), 511);
  assert.is(numberFromName('syscall_'), undefined);
  assert.is(numberFromName('syscall_0x'), undefined);
  assert.is(numberFromName('syscall_0xzz'), undefined);
  assert.is(numberFromName('syscall_0xffffffffffffffff'), undefined);
  assert.is(numberFromName('syscalls'), undefined);
});

Unknown.run();

const Lifecycle = suite('signals, exits and personality');

Lifecycle('a delivered signal gives its name', () => {
  parses('follow-file.log', '8186  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8187, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---', {
    kind: 'signal', pid: 8186, signal: 'SIGCHLD',
  });
});

Lifecycle('a stop gives the stopping signal', () => {
  parses('restart-syscall.log', '--- stopped by SIGSTOP ---', { kind: 'signal', pid: undefined, signal: 'SIGSTOP' });
});

Lifecycle('exits give the code, the killing signal or the superseding pid', () => {
  parses('follow-file.log', '8187  +++ exited with 0 +++', { kind: 'exit', pid: 8187, how: 'exited', code: 0 });
  parses('killed.log', '+++ killed by SIGKILL +++', { kind: 'exit', pid: undefined, how: 'killed', signal: 'SIGKILL' });
  parses('superseded.log', '8283  +++ superseded by execve in pid 8284 +++', { kind: 'exit', pid: 8283, how: 'superseded', byPid: 8284 });
  assert.equal(parseLine('+++ killed by SIGSEGV (core dumped) +++'), { kind: 'exit', pid: undefined, how: 'killed', signal: 'SIGSEGV' });
});

Lifecycle('personality lines give the pid and the mode', () => {
  parses('personality.log', '[ Process PID=8303 runs in x32 mode. ]', { kind: 'personality', pid: 8303, mode: 'x32' });
  parses('personality.log', '[ Process PID=8303 runs in 64 bit mode. ]', { kind: 'personality', pid: 8303, mode: '64 bit' });
  parses('personality-n.log', '8309  [1073741863] [ Process PID=8309 runs in 64 bit mode. ]', { kind: 'personality', pid: 8309, mode: '64 bit' });
  parses('documented-forms.txt', '[ Process PID=17287 runs in 32 bit mode. ]', { kind: 'personality', pid: 17287, mode: '32 bit' });
  parses('documented-forms.txt', 'strace: [ Process PID=17287 runs in 32 bit mode. ]', { kind: 'personality', pid: 17287, mode: '32 bit' });
  parses('documented-forms.txt', 'strace: [ Process PID=17287 runs in x32 mode. ]', { kind: 'personality', pid: 17287, mode: 'x32' });
});

Lifecycle('an unknown personality mode is malformed', () => {
  assert.equal(parseLine('[ Process PID=1 runs in 16 bit mode. ]').kind, 'malformed');
});

Lifecycle.run();

const Info = suite('lines without a syscall');

Info('strace: diagnostics are info', () => {
  parses('attach.log', 'strace: Process 8495 attached with 3 threads', { kind: 'info', pid: undefined, text: 'strace: Process 8495 attached with 3 threads' });
  parses('attach.log', 'strace: Process 8500 detached', { kind: 'info', pid: undefined, text: 'strace: Process 8500 detached' });
});

Info('-k stack lines and -e write= dumps are info', () => {
  parses('stack-trace-k.log', ' > /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x869d) [0x20b1d]', {
    kind: 'info', pid: undefined, text: '> /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x869d) [0x20b1d]',
  });
  parses('write-dump.log', ' | 00010  6c 64 0a                                          ld.              |', {
    kind: 'info', pid: undefined, text: '| 00010  6c 64 0a                                          ld.              |',
  });
});

Info('a call cut by a diagnostic is unfinished, its tail is malformed, <detached ...> is info', () => {
  parses('follow-stderr.log', 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 8193 attached', {
    kind: 'unfinished', pid: undefined, name: 'clone', args: 'child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD',
  });
  parses('follow-stderr.log', ', child_tidptr=0x7fdc9a84fa10) = 8193', {
    kind: 'malformed', text: ', child_tidptr=0x7fdc9a84fa10) = 8193', reason: 'not a strace line',
  });
  parses('attach.log', '[pid  8500] clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=358, tv_nsec=50339724}, strace: Process 8495 detached', {
    kind: 'unfinished', pid: 8500, name: 'clock_nanosleep', args: 'CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=358, tv_nsec=50339724}, ',
  });
  parses('attach.log', ' <detached ...>', { kind: 'info', pid: undefined, text: '<detached ...>' });
});

Info.run();

const Hostile = suite('hostile input');

Hostile('CRLF line endings are tolerated', () => {
  assert.equal(parseLine('8187  +++ exited with 0 +++\r'), { kind: 'exit', pid: 8187, how: 'exited', code: 0 });
});

Hostile('lines that are not strace output are malformed with a reason', () => {
  const cases: [string, string][] = [
    ['', 'empty line'],
    ['8186  ', 'prefix without a body'],
    ['hello world', 'expected "name(" at the start of the syscall'],
    ['read(3, "abc', 'no closing parenthesis'],
    ['read(3, "abc", 3)', 'no " = result" after the arguments'],
    ['read(3, "abc", 3) = ', 'no " = result" after the arguments'],
    ['<... read', 'no "resumed>" after "<... "'],
    ['+++ vanished +++', 'unknown +++ exit line'],
    ['[pid abc] read(0) = 0', 'unreadable "[pid N]" prefix'],
    ['\u0000\u0001\u0002', 'not a strace line'],
  ];
  for (const [line, reason] of cases) assert.equal(parseLine(line), { kind: 'malformed', text: line, reason }, line);
});

Hostile('__proto__ as a syscall name is just a name', () => {
  const event = parseLine('1234  __proto__(1) = 0');
  assert.equal(event, { kind: 'syscall', pid: 1234, name: '__proto__', args: '1', result: { value: '0' } });
  assert.is(Object.getPrototypeOf(event), Object.prototype);
});

Hostile('10-digit pids are read, longer digit runs are not pids', () => {
  assert.equal(parseLine('4294967295 close(3) = 0'), { kind: 'syscall', pid: 4294967295, name: 'close', args: '3', result: { value: '0' } });
  assert.equal(parseLine('[pid 4294967295] close(3) = 0'), { kind: 'syscall', pid: 4294967295, name: 'close', args: '3', result: { value: '0' } });
  assert.is(parseLine('99999999999 close(3) = 0').kind, 'malformed');
  assert.is(parseLine('[pid 99999999999] close(3) = 0').kind, 'malformed');
});

Hostile('huge numbers do not become unsafe integers', () => {
  const event = parseLine('syscall_0xffffffffffffffffffff(1) = -1 ENOSYS (Function not implemented)');
  assert.equal(event, { kind: 'syscall', pid: undefined, name: 'syscall_0xffffffffffffffffffff', args: '1', result: { value: '-1', errno: 'ENOSYS' } });
  assert.equal(parseLine('+++ exited with 99999999999999999999 +++').kind, 'malformed');
});

Hostile('a 20 MB line is parsed without throwing', () => {
  const huge = `write(1, "${'a'.repeat(20 * 1024 * 1024)}", 20971520) = 20971520`;
  const event = parseLine(huge);
  assert.is(event.kind, 'syscall');
  assert.is(event.kind === 'syscall' && event.args.length, huge.length - 'write() = 20971520'.length);
  assert.is(parseLine(huge.slice(0, -14)).kind, 'malformed');
});

Hostile('every prefix of every fixture line parses without throwing', () => {
  const files = ['combined.log', 'strings.log', 'decode-fds-yy.log', 'attach.log', 'personality-n.log', 'documented-forms.txt', 'write-dump.log'];
  let parsed = 0;
  for (const file of files) {
    for (const line of readFixture('strace', file).split('\n')) {
      for (let end = 0; end <= line.length; end++) {
        const event = parseLine(line.slice(0, end));
        assert.type(event.kind, 'string');
        parsed++;
      }
    }
  }
  assert.ok(parsed > 10000);
});

Hostile('random bytes never throw', () => {
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const alphabet = '0123456789 []()<>"\\=?+-.:|/*,_abcdefxyzSIG\u0000\u00ff\ud800';
  for (let i = 0; i < 20000; i++) {
    let line = '';
    const length = random() % 80;
    for (let j = 0; j < length; j++) line += alphabet[random() % alphabet.length];
    assert.type(parseLine(line).kind, 'string');
  }
});

Hostile.run();

const InPlace = suite('lines read in place');

const logFiles = readdirSync(fixturePath('strace')).filter((file) => file.endsWith('.log'));

// Everything a scan looking for the end of something could wrongly find on the next line.
const CLOSERS = ') = 0 ) "x" */ > ] resumed> ) = -1 ENOSYS (Function not implemented) strace: mode.';

InPlace('every fixture line read inside its whole log gives what it gives on its own', () => {
  let compared = 0;
  for (const file of logFiles) {
    const text = readFixture('strace', file);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      assert.equal(parseLineAt(text, start, end), parseLine(text.slice(start, end)), `${file} at ${start}`);
      start = end + 1;
      compared++;
    }
  }
  assert.ok(compared > 3000, `${compared} lines compared`);
});

InPlace('a line cut anywhere reads the same whether or not more text follows its newline', () => {
  let compared = 0;
  for (const file of logFiles) {
    for (const line of readFixture('strace', file).split('\n')) {
      for (let end = 0; end <= line.length; end += 3) {
        const cut = line.slice(0, end);
        const expected = parseLine(cut);
        assert.equal(parseLineAt(`${cut}\n${CLOSERS}`, 0, end), expected, JSON.stringify(cut));
        assert.equal(parseLineAt(`${CLOSERS}\n${cut}\r\n${CLOSERS}`, CLOSERS.length + 1, CLOSERS.length + 2 + end), expected, JSON.stringify(cut));
        compared++;
      }
    }
  }
  assert.ok(compared > 50000, `${compared} cuts compared`);
});

InPlace('an unclosed string, comment, decoration or resumed mark does not close on the next line', () => {
  for (const open of ['1 read(3, "abc', '1 foo(/* 3 vars', '1 read(3</etc/pass', '1 <... read', '1 write(1, "a\\"', '[pid 12<comm', '1 [  59', '1 (+ 0.0001']) {
    const text = `${open}\n${CLOSERS}`;
    const event = parseLineAt(text, 0, open.length);
    assert.equal(event, parseLine(open), open);
    assert.is(event.kind, 'malformed', open);
  }
});

InPlace.run();
