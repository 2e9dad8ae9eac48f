import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ARCHES,
  X32_SYSCALL_BIT,
  archesWith,
  hasSyscall,
  libseccompKnows,
  suggestSyscall,
  syscallName,
  syscallNames,
  syscallNumber,
  type ArchName,
} from '../../src/syscalls/table.js';
import { skipUnless } from '../helpers.js';

const Numbers = suite('well-known numbers');

const known: [ArchName, string, number][] = [
  ['x86_64', 'read', 0],
  ['x86_64', 'openat', 257],
  ['x86_64', 'execve', 59],
  ['x86_64', 'clone3', 435],
  ['x86', 'openat', 295],
  ['x86', 'socketcall', 102],
  ['x86', 'socket', 359],
  ['x86', 'clock_gettime64', 403],
  ['x32', 'openat', 257],
  ['x32', 'execve', 520],
  ['x32', 'rt_sigaction', 512],
  ['aarch64', 'openat', 56],
  ['aarch64', 'execve', 221],
  ['aarch64', 'newfstatat', 79],
  ['arm', 'openat', 322],
  ['arm', 'cacheflush', 0x0f0002],
  ['arm', 'set_tls', 0x0f0005],
  ['riscv64', 'openat', 56],
  ['riscv64', 'riscv_flush_icache', 259],
  ['ppc64le', 'openat', 286],
  ['ppc64le', 'socketcall', 102],
  ['s390x', 'openat', 288],
  ['s390x', 'socketcall', 102],
];

for (const [arch, name, number] of known) {
  Numbers(`${name} is ${number} on ${arch}`, () => {
    assert.is(syscallNumber(arch, name), number);
    assert.is(syscallName(arch, number), name);
  });
}

Numbers('x86_64 has no socketcall', () => {
  assert.not.ok(hasSyscall('x86_64', 'socketcall'));
  assert.is(syscallNumber('x86_64', 'socketcall'), undefined);
});

// DOMAIN §6: the legacy calls a 64-bit generic arch replaced with the *at / dup3 / pipe2 / ppoll forms.
const legacyOnly = [
  'open', 'stat', 'lstat', 'access', 'pipe', 'poll', 'select', 'dup2', 'fork', 'vfork', 'mkdir', 'rmdir',
  'rename', 'unlink', 'readlink', 'chmod', 'chown', 'epoll_wait', 'getdents', 'time', 'arch_prctl',
];

Numbers('aarch64 and riscv64 lack the legacy calls that x86_64 has', () => {
  for (const name of legacyOnly) {
    assert.ok(hasSyscall('x86_64', name), `x86_64 should have ${name}`);
    assert.not.ok(hasSyscall('aarch64', name), `aarch64 should not have ${name}`);
    assert.not.ok(hasSyscall('riscv64', name), `riscv64 should not have ${name}`);
  }
});

Numbers('syscalls newer than the kernel headers come from libseccomp', () => {
  for (const arch of ARCHES) assert.is(syscallNumber(arch, 'fchmodat2'), 452, arch);
  assert.is(syscallNumber('x86_64', 'map_shadow_stack'), 453);
  assert.not.ok(hasSyscall('x32', 'map_shadow_stack'));
});

Numbers.run();

const RoundTrip = suite('round trips');

for (const arch of ARCHES) {
  RoundTrip(`every ${arch} name maps to a number that maps back to it or its canonical alias`, () => {
    const names = syscallNames(arch);
    assert.ok(names.length > 300, `${arch} has only ${names.length} names`);
    for (const name of names) {
      const number = syscallNumber(arch, name);
      assert.type(number, 'number', `${arch} ${name}`);
      const back = syscallName(arch, number as number);
      assert.type(back, 'string', `${arch} ${name} → ${String(number)}`);
      assert.is(syscallNumber(arch, back as string), number, `${arch} ${name} → ${String(number)} → ${String(back)}`);
    }
  });

  RoundTrip(`${arch} names are sorted and unique`, () => {
    const names = syscallNames(arch);
    assert.equal([...names], [...new Set(names)].sort());
  });
}

RoundTrip('a number with two names maps back to the one libseccomp uses', () => {
  assert.is(syscallNumber('arm', 'sync_file_range2'), 341);
  assert.is(syscallNumber('arm', 'arm_sync_file_range'), 341);
  assert.is(syscallName('arm', 341), 'arm_sync_file_range');
});

RoundTrip('numbers no syscall uses have no name', () => {
  assert.is(syscallName('x86_64', 5000), undefined);
  assert.is(syscallName('aarch64', 1024), undefined);
});

RoundTrip.run();

const X32 = suite('x32 numbering');

X32('x32 numbers are stored without the kernel bit, as strace prints them', () => {
  assert.is(X32_SYSCALL_BIT, 0x40000000);
  assert.is(syscallNumber('x32', 'read'), 0);
  assert.is(syscallName('x32', 257), 'openat');
});

X32('x32 also names a number that carries the bit', () => {
  assert.is(syscallName('x32', X32_SYSCALL_BIT + 257), 'openat');
  assert.is(syscallName('x32', X32_SYSCALL_BIT + 520), 'execve');
});

X32('the bit means nothing on other arches', () => {
  assert.is(syscallName('x86_64', X32_SYSCALL_BIT + 257), undefined);
});

X32('x32 drops the 64-bit numbers it replaced with its own range', () => {
  assert.is(syscallName('x32', 13), undefined);
  assert.is(syscallName('x86_64', 13), 'rt_sigaction');
});

X32.run();

const Hostile = suite('hostile names');

const hostileNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

Hostile('object keys are never syscalls on any arch', () => {
  for (const name of hostileNames) {
    assert.is(archesWith(name).length, 0, name);
    for (const arch of ARCHES) {
      assert.not.ok(hasSyscall(arch, name), `${arch} ${name}`);
      assert.is(syscallNumber(arch, name), undefined, `${arch} ${name}`);
      assert.not.ok(libseccompKnows(arch, name), `${arch} ${name}`);
      assert.is(suggestSyscall(name, arch), undefined, `${arch} ${name}`);
    }
  }
});

Hostile('numbers that are not syscall numbers have no name', () => {
  for (const nr of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -X32_SYSCALL_BIT]) {
    for (const arch of ARCHES) assert.is(syscallName(arch, nr), undefined, `${arch} ${nr}`);
  }
});

Hostile('a huge name gets no suggestion and does not hang', () => {
  const started = Date.now();
  assert.is(suggestSyscall('a'.repeat(1_000_000), 'x86_64'), undefined);
  assert.ok(Date.now() - started < 1000);
});

Hostile('the name lists cannot be changed by a caller', () => {
  const names = syscallNames('x86_64') as string[];
  assert.throws(() => names.push('evil'));
  assert.not.ok(hasSyscall('x86_64', 'evil'));
});

Hostile.run();

const Suggest = suite('suggestions');

const suggestions: [string, ArchName, string | undefined][] = [
  ['pread', 'x86_64', 'pread64'],
  ['pwrite', 'arm', 'pwrite64'],
  ['newfstat', 'x86_64', 'fstat'],
  ['newuname', 'aarch64', 'uname'],
  ['open', 'aarch64', 'openat'],
  ['stat', 'aarch64', 'newfstatat'],
  ['lstat', 'riscv64', 'newfstatat'],
  ['dup2', 'aarch64', 'dup3'],
  ['pipe', 'aarch64', 'pipe2'],
  ['rename', 'riscv64', 'renameat2'],
  ['epoll_wait', 'aarch64', 'epoll_pwait'],
  ['getdents', 'aarch64', 'getdents64'],
  ['fork', 'riscv64', 'clone'],
  ['umount', 'x86_64', 'umount2'],
  ['mmap2', 'x86_64', 'mmap'],
  ['fstat64', 'x86_64', 'fstat'],
  ['SYS_openat', 'x86_64', 'openat'],
  ['__NR_read', 'aarch64', 'read'],
  ['OPENAT', 'x86_64', 'openat'],
  ['opne', 'x86_64', 'open'],
  ['clock_gettiem', 'aarch64', 'clock_gettime'],
  ['read', 'x86_64', undefined],
  ['xyzzy', 'x86_64', undefined],
  ['socketcall', 'x86_64', undefined],
  ['arch_prctl', 'aarch64', undefined],
  ['', 'x86_64', undefined],
];

for (const [name, arch, expected] of suggestions) {
  Suggest(`"${name}" on ${arch} suggests ${String(expected)}`, () => {
    assert.is(suggestSyscall(name, arch), expected);
  });
}

Suggest('every suggestion is a syscall of that arch', () => {
  for (const [name, arch] of suggestions) {
    const suggestion = suggestSyscall(name, arch);
    if (suggestion !== undefined) assert.ok(hasSyscall(arch, suggestion), `${arch} ${suggestion}`);
  }
});

Suggest.run();

const Elsewhere = suite('arches with a name');

Elsewhere('socketcall exists on the arches that multiplex sockets', () => {
  assert.equal(archesWith('socketcall'), ['x86', 'ppc64le', 's390x']);
});

Elsewhere('arch-private calls exist on their arch only', () => {
  assert.equal(archesWith('riscv_flush_icache'), ['riscv64']);
  assert.equal(archesWith('cacheflush'), ['arm']);
  assert.equal(archesWith('arch_prctl'), ['x86_64', 'x86', 'x32']);
});

Elsewhere('openat exists everywhere and a typo nowhere', () => {
  assert.equal(archesWith('openat'), [...ARCHES]);
  assert.equal(archesWith('opennat'), []);
});

Elsewhere.run();

const Libseccomp = suite('libseccomp');

Libseccomp('multiplexed socket calls on x86 still count as known', () => {
  assert.ok(libseccompKnows('x86', 'socket'));
  assert.ok(libseccompKnows('x86_64', 'openat'));
});

Libseccomp('a name libseccomp maps to a pseudo-syscall of another arch is not usable there', () => {
  assert.not.ok(libseccompKnows('arm', 'sync_file_range2'));
  assert.ok(libseccompKnows('arm', 'arm_sync_file_range'));
});

Libseccomp('a name missing from the table is not known', () => {
  assert.not.ok(libseccompKnows('aarch64', 'open'));
  assert.not.ok(libseccompKnows('x86_64', 'pread'));
});

function resolverAvailable(): boolean {
  try {
    execFileSync('scmp_sys_resolver', ['-a', 'x86_64', 'read'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

Libseccomp('every tenth table entry agrees with scmp_sys_resolver on this machine', () => {
  if (skipUnless(resolverAvailable(), 'scmp_sys_resolver (package seccomp)', 'syscall table vs libseccomp')) return;
  for (const arch of ARCHES) {
    const names = syscallNames(arch).filter((name, i) => i % 10 === 0 && libseccompKnows(arch, name));
    for (const name of names) {
      const answer = execFileSync('scmp_sys_resolver', ['-a', arch, name], { encoding: 'utf8' }).trim();
      const number = syscallNumber(arch, name) as number;
      if (Number(answer) < 0) continue;
      assert.is(Number(answer), arch === 'x32' ? number + X32_SYSCALL_BIT : number, `${arch} ${name}`);
    }
  }
});

Libseccomp.run();
