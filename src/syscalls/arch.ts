import { LearnerError } from '../errors.js';
import { ARCHES, hasSyscall, type ArchName } from './table.js';

/** The personality strace reports in `[ Process PID=… runs in x32 mode. ]`. */
export type PersonalityMode = '64 bit' | '32 bit' | 'x32';

const SCMP_BY_ARCH: Readonly<Record<ArchName, string>> = {
  x86_64: 'SCMP_ARCH_X86_64',
  x86: 'SCMP_ARCH_X86',
  x32: 'SCMP_ARCH_X32',
  aarch64: 'SCMP_ARCH_AARCH64',
  arm: 'SCMP_ARCH_ARM',
  riscv64: 'SCMP_ARCH_RISCV64',
  ppc64le: 'SCMP_ARCH_PPC64LE',
  s390x: 'SCMP_ARCH_S390X',
};

const ARCH_BY_SCMP: ReadonlyMap<string, ArchName> = new Map(ARCHES.map((arch) => [SCMP_BY_ARCH[arch], arch]));

// Arch names libseccomp 2.5 accepts (2.6 adds the last four); the ones without a table here are
// valid in a profile but cannot be learned or validated: big-endian ppc64, 31-bit s390, mips, parisc…
const LIBSECCOMP_ARCHES: ReadonlySet<string> = new Set([
  ...ARCH_BY_SCMP.keys(),
  'SCMP_ARCH_NATIVE',
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPSEL64',
  'SCMP_ARCH_MIPSEL64N32',
  'SCMP_ARCH_PPC',
  'SCMP_ARCH_PPC64',
  'SCMP_ARCH_S390',
  'SCMP_ARCH_PARISC',
  'SCMP_ARCH_PARISC64',
  'SCMP_ARCH_LOONGARCH64',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
]);

// Docker's includes/excludes `arches` use Go's GOARCH names; 386 and x86 both mean 32-bit x86.
const SHORT_BY_ARCH: Readonly<Record<ArchName, string>> = {
  x86_64: 'amd64',
  x86: 'x86',
  x32: 'x32',
  aarch64: 'arm64',
  arm: 'arm',
  riscv64: 'riscv64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
};

const ARCH_BY_SHORT: ReadonlyMap<string, ArchName> = new Map<string, ArchName>([
  ...ARCHES.map((arch): [string, ArchName] => [SHORT_BY_ARCH[arch], arch]),
  ['386', 'x86'],
  ['i386', 'x86'],
  ['x86_64', 'x86_64'],
  ['aarch64', 'aarch64'],
]);

// Node's process.arch values; 'ppc64' is little-endian on Linux (big-endian Node is AIX only).
const ARCH_BY_NODE: ReadonlyMap<string, ArchName> = new Map<string, ArchName>([
  ['x64', 'x86_64'],
  ['ia32', 'x86'],
  ['arm64', 'aarch64'],
  ['arm', 'arm'],
  ['riscv64', 'riscv64'],
  ['ppc64', 'ppc64le'],
  ['s390x', 's390x'],
]);

// Docker's archMap, restricted to arches with a table (S390X → S390 is left out: no s390 table).
const SUB_ARCHES: Readonly<Partial<Record<ArchName, readonly ArchName[]>>> = {
  x86_64: ['x86', 'x32'],
  aarch64: ['arm'],
};

const COMPAT_32_BIT: Readonly<Partial<Record<ArchName, ArchName>>> = {
  x86_64: 'x86',
  aarch64: 'arm',
  x86: 'x86',
  arm: 'arm',
};

const VDSO_CANDIDATES = [
  'clock_gettime',
  'clock_gettime64',
  'clock_getres',
  'clock_getres_time64',
  'gettimeofday',
  'time',
  'getcpu',
] as const;

const supportedList = (): string => ARCHES.join(', ');

/** The architecture this Node process runs on, as a table name. */
export function nativeArch(nodeArch: string = process.arch): ArchName {
  const arch = ARCH_BY_NODE.get(nodeArch);
  if (arch === undefined) {
    throw new LearnerError(`architecture "${nodeArch}" has no syscall table (supported: ${supportedList()})`, {
      hint: 'record on one of the supported architectures, or pass the architecture explicitly',
    });
  }
  return arch;
}

export function toScmpArch(arch: ArchName): string {
  return SCMP_BY_ARCH[arch];
}

/** Undefined for libseccomp arches without a table here (SCMP_ARCH_PPC64, _S390, _MIPS*…) and for typos. */
export function fromScmpArch(s: string): ArchName | undefined {
  return ARCH_BY_SCMP.get(s);
}

/** Whether libseccomp (and so runc) accepts this SCMP_ARCH_* name, table or not. */
export function isScmpArch(s: string): boolean {
  return LIBSECCOMP_ARCHES.has(s);
}

/** Docker's `includes.arches` / `excludes.arches` short name (amd64, arm64, x86…). */
export function fromShortArch(s: string): ArchName | undefined {
  return ARCH_BY_SHORT.get(s);
}

export function toShortArch(arch: ArchName): string {
  return SHORT_BY_ARCH[arch];
}

/**
 * `uname -m` output. x32 never shows up here (its kernel reports x86_64), and big-endian variants
 * (aarch64_be, armv7b, ppc64) are not the arches these tables describe.
 */
export function fromUname(s: string): ArchName | undefined {
  const machine = s.trim();
  if (machine === 'x86_64' || machine === 'amd64') return 'x86_64';
  if (/^i[3-6]86$/.test(machine)) return 'x86';
  if (machine === 'aarch64' || machine === 'arm64') return 'aarch64';
  if (/^arm(v[4-8][a-z]*l|l)?$/.test(machine)) return 'arm';
  if (machine === 'riscv64' || machine === 'ppc64le' || machine === 's390x') return machine;
  return undefined;
}

/**
 * The syscall table a process uses when strace reports `mode` on a `native` host (x32 as native
 * stands for its x86_64 kernel). Throws for modes without a table here: s390x 31/32-bit tasks
 * (libseccomp's S390), 32-bit tasks on ppc64le or riscv64, x32 anywhere but x86_64.
 */
export function personalityArch(native: ArchName, mode: PersonalityMode): ArchName {
  const kernel = native === 'x32' ? 'x86_64' : native;
  if (mode === '64 bit') {
    if (kernel === 'x86' || kernel === 'arm') {
      throw new LearnerError(`a ${native} host cannot run a "64 bit" process: the trace and the native architecture disagree`);
    }
    return kernel;
  }
  const arch = mode === 'x32' ? (kernel === 'x86_64' ? 'x32' : undefined) : COMPAT_32_BIT[kernel];
  if (arch === undefined) {
    throw new LearnerError(`a "${mode}" process on ${native} has no syscall table here (supported: ${supportedList()})`, {
      hint: 'rules for that mode have to be written by hand; the native rules still apply',
    });
  }
  return arch;
}

/** Docker's archMap: the other arches a native kernel also runs (x86_64 → x86, x32; aarch64 → arm). */
export function subArches(native: ArchName): ArchName[] {
  return [...(SUB_ARCHES[native] ?? [])];
}

/**
 * Syscalls the vDSO answers in user space, so traces rarely show them, but which its fallback
 * path makes for real; only those `arch` has, sorted.
 */
export function vdsoSyscalls(arch: ArchName): string[] {
  return VDSO_CANDIDATES.filter((name) => hasSyscall(arch, name)).sort();
}
