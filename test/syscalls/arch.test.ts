import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LearnerError } from '../../src/errors.js';
import {
  fromScmpArch,
  fromShortArch,
  fromUname,
  isScmpArch,
  nativeArch,
  personalityArch,
  subArches,
  toScmpArch,
  toShortArch,
  vdsoSyscalls,
  type PersonalityMode,
} from '../../src/syscalls/arch.js';
import { ARCHES, hasSyscall, type ArchName } from '../../src/syscalls/table.js';

const Native = suite('native arch');

const nodeArches: [string, ArchName][] = [
  ['x64', 'x86_64'],
  ['arm64', 'aarch64'],
  ['arm', 'arm'],
  ['riscv64', 'riscv64'],
  ['ppc64', 'ppc64le'],
  ['s390x', 's390x'],
  ['ia32', 'x86'],
];

for (const [node, arch] of nodeArches) {
  Native(`Node's ${node} is ${arch}`, () => {
    assert.is(nativeArch(node), arch);
  });
}

Native('an arch without a table is a LearnerError naming it', () => {
  for (const node of ['mips', 'loong64', 's390', 'ppc', '__proto__']) {
    try {
      nativeArch(node);
      assert.unreachable(`${node} should throw`);
    } catch (error) {
      assert.instance(error, LearnerError);
      assert.match((error as Error).message, node);
    }
  }
});

Native('the default is the arch this test runs on', () => {
  const expected = new Map(nodeArches).get(process.arch);
  if (expected !== undefined) assert.is(nativeArch(), expected);
});

Native.run();

const Scmp = suite('SCMP_ARCH names');

const scmpNames: [ArchName, string][] = [
  ['x86_64', 'SCMP_ARCH_X86_64'],
  ['x86', 'SCMP_ARCH_X86'],
  ['x32', 'SCMP_ARCH_X32'],
  ['aarch64', 'SCMP_ARCH_AARCH64'],
  ['arm', 'SCMP_ARCH_ARM'],
  ['riscv64', 'SCMP_ARCH_RISCV64'],
  ['ppc64le', 'SCMP_ARCH_PPC64LE'],
  ['s390x', 'SCMP_ARCH_S390X'],
];

for (const [arch, scmp] of scmpNames) {
  Scmp(`${arch} is ${scmp} and back`, () => {
    assert.is(toScmpArch(arch), scmp);
    assert.is(fromScmpArch(scmp), arch);
    assert.ok(isScmpArch(scmp));
  });
}

Scmp('every arch has an SCMP name', () => {
  assert.is(new Set(ARCHES.map(toScmpArch)).size, ARCHES.length);
});

Scmp('libseccomp arches without a table are valid but map to nothing', () => {
  for (const scmp of ['SCMP_ARCH_PPC64', 'SCMP_ARCH_S390', 'SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPSEL', 'SCMP_ARCH_PPC']) {
    assert.is(fromScmpArch(scmp), undefined, scmp);
    assert.ok(isScmpArch(scmp), scmp);
  }
});

Scmp('typos and object keys are neither', () => {
  for (const scmp of ['SCMP_ARCH_X86-64', 'scmp_arch_x86_64', 'x86_64', '__proto__', 'toString', '']) {
    assert.is(fromScmpArch(scmp), undefined, scmp);
    assert.not.ok(isScmpArch(scmp), scmp);
  }
});

Scmp.run();

const Short = suite('Docker short arch names');

const shortNames: [string, ArchName][] = [
  ['amd64', 'x86_64'],
  ['x86', 'x86'],
  ['386', 'x86'],
  ['x32', 'x32'],
  ['arm64', 'aarch64'],
  ['arm', 'arm'],
  ['riscv64', 'riscv64'],
  ['ppc64le', 'ppc64le'],
  ['s390x', 's390x'],
];

for (const [short, arch] of shortNames) {
  Short(`${short} is ${arch}`, () => {
    assert.is(fromShortArch(short), arch);
  });
}

Short('every arch has a short name that maps back', () => {
  for (const arch of ARCHES) assert.is(fromShortArch(toShortArch(arch)), arch);
});

Short('short names without a table map to nothing', () => {
  for (const short of ['s390', 'mips64', 'mips64n32', 'ppc64', 'loong64', 'constructor']) {
    assert.is(fromShortArch(short), undefined, short);
  }
});

Short.run();

const Uname = suite('uname -m');

const machines: [string, ArchName | undefined][] = [
  ['x86_64', 'x86_64'],
  ['i686', 'x86'],
  ['i386', 'x86'],
  ['aarch64', 'aarch64'],
  ['armv7l', 'arm'],
  ['armv6l', 'arm'],
  ['armv8l', 'arm'],
  ['riscv64', 'riscv64'],
  ['ppc64le', 'ppc64le'],
  ['s390x', 's390x'],
  ['x86_64\n', 'x86_64'],
  ['aarch64_be', undefined],
  ['armv7b', undefined],
  ['ppc64', undefined],
  ['s390', undefined],
  ['mips64', undefined],
  ['__proto__', undefined],
];

for (const [machine, arch] of machines) {
  Uname(`${JSON.stringify(machine)} is ${String(arch)}`, () => {
    assert.is(fromUname(machine), arch);
  });
}

Uname.run();

const Personality = suite('personality');

const personalities: [ArchName, PersonalityMode, ArchName][] = [
  ['x86_64', '64 bit', 'x86_64'],
  ['x86_64', '32 bit', 'x86'],
  ['x86_64', 'x32', 'x32'],
  ['aarch64', '64 bit', 'aarch64'],
  ['aarch64', '32 bit', 'arm'],
  ['riscv64', '64 bit', 'riscv64'],
  ['ppc64le', '64 bit', 'ppc64le'],
  ['s390x', '64 bit', 's390x'],
  ['x86', '32 bit', 'x86'],
  ['arm', '32 bit', 'arm'],
];

for (const [native, mode, arch] of personalities) {
  Personality(`a "${mode}" process on ${native} uses the ${arch} table`, () => {
    assert.is(personalityArch(native, mode), arch);
  });
}

const impossible: [ArchName, PersonalityMode][] = [
  ['s390x', '32 bit'],
  ['ppc64le', '32 bit'],
  ['riscv64', '32 bit'],
  ['aarch64', 'x32'],
  ['x86', '64 bit'],
  ['arm', '64 bit'],
];

for (const [native, mode] of impossible) {
  Personality(`a "${mode}" process on ${native} is a LearnerError`, () => {
    assert.throws(
      () => personalityArch(native, mode),
      (error: unknown) => error instanceof LearnerError && error.message.includes(native),
    );
  });
}

Personality('every mode that resolves is the native arch or one of its sub-arches', () => {
  for (const native of ARCHES) {
    for (const mode of ['64 bit', '32 bit', 'x32'] as const) {
      let arch: ArchName;
      try {
        arch = personalityArch(native, mode);
      } catch {
        continue;
      }
      const kernel = native === 'x32' ? 'x86_64' : native;
      assert.ok(arch === native || arch === kernel || subArches(kernel).includes(arch), `${native} ${mode} → ${arch}`);
    }
  }
});

Personality.run();

const Sub = suite('sub-arches');

Sub('x86_64 also runs x86 and x32, aarch64 also runs arm', () => {
  assert.equal(subArches('x86_64'), ['x86', 'x32']);
  assert.equal(subArches('aarch64'), ['arm']);
});

Sub('the other arches have no sub-arch with a table', () => {
  for (const arch of ['x86', 'x32', 'arm', 'riscv64', 'ppc64le', 's390x'] as const) assert.equal(subArches(arch), []);
});

Sub('a caller changing the returned list does not change the next answer', () => {
  subArches('x86_64').push('arm');
  assert.equal(subArches('x86_64'), ['x86', 'x32']);
});

Sub.run();

const Vdso = suite('vDSO syscalls');

Vdso('x86_64 falls back to the 64-bit time calls and getcpu', () => {
  assert.equal(vdsoSyscalls('x86_64'), ['clock_getres', 'clock_gettime', 'getcpu', 'gettimeofday', 'time']);
});

Vdso('32-bit arches also fall back to the time64 calls', () => {
  for (const arch of ['x86', 'arm'] as const) {
    const names = vdsoSyscalls(arch);
    assert.ok(names.includes('clock_gettime64'), arch);
    assert.ok(names.includes('clock_getres_time64'), arch);
  }
});

Vdso('generic 64-bit arches have no time syscall to allow', () => {
  for (const arch of ['aarch64', 'riscv64'] as const) {
    assert.equal(vdsoSyscalls(arch), ['clock_getres', 'clock_gettime', 'getcpu', 'gettimeofday'], arch);
  }
});

Vdso('every listed name exists on its arch, sorted', () => {
  for (const arch of ARCHES) {
    const names = vdsoSyscalls(arch);
    assert.ok(names.includes('clock_gettime'), arch);
    assert.equal(names, [...names].sort(), arch);
    for (const name of names) assert.ok(hasSyscall(arch, name), `${arch} ${name}`);
  }
});

Vdso.run();
