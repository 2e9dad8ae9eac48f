import {
  LIBSECCOMP_NUMBERS,
  LIBSECCOMP_UNKNOWN,
  SYSCALL_ALIASES,
  SYSCALL_TABLES,
  type GeneratedArch,
} from './table.generated.js';
import { closestSyscallName } from './suggestion.js';

export const ARCHES = ['x86_64', 'x86', 'x32', 'aarch64', 'arm', 'riscv64', 'ppc64le', 's390x'] as const;
export type ArchName = (typeof ARCHES)[number];

/** The kernel marks x32 syscalls with this bit; the tables store x32 numbers without it, as strace does. */
export const X32_SYSCALL_BIT = 0x40000000;

// A generated table for an arch that ARCHES lacks, or the reverse, fails to compile here.
const generatedArches: Record<ArchName, GeneratedArch> & Record<GeneratedArch, ArchName> = {
  x86_64: 'x86_64',
  x86: 'x86',
  x32: 'x32',
  aarch64: 'aarch64',
  arm: 'arm',
  riscv64: 'riscv64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
};

// libseccomp numbers at or below this mean "a syscall of some other arch": a rule with it allows nothing.
const LIBSECCOMP_FOREIGN_PSEUDO = -10000;

interface ArchIndex {
  byName: ReadonlyMap<string, number>;
  byNumber: ReadonlyMap<number, string>;
  names: readonly string[];
  libseccompUnusable: ReadonlySet<string>;
}

function buildIndex(arch: ArchName): ArchIndex {
  const generated = generatedArches[arch];
  const entries = SYSCALL_TABLES[generated];
  const aliases = new Set(SYSCALL_ALIASES[generated].map(([alias]) => alias));
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string>();
  for (const [name, number] of entries) {
    byName.set(name, number);
    if (!aliases.has(name)) byNumber.set(number, name);
  }
  const libseccompUnusable = new Set(LIBSECCOMP_UNKNOWN[generated]);
  for (const [name, number] of LIBSECCOMP_NUMBERS[generated]) {
    if (number <= LIBSECCOMP_FOREIGN_PSEUDO) libseccompUnusable.add(name);
  }
  const names = Object.freeze([...byName.keys()].sort());
  return { byName, byNumber, names, libseccompUnusable };
}

// Built on first use: a run needs the native arch and the profile's, and building all eight costs
// every command about 10 ms of start-up.
const indexes = new Map<ArchName, ArchIndex>();

function indexOf(arch: ArchName): ArchIndex {
  let index = indexes.get(arch);
  if (index === undefined) {
    if (!Object.hasOwn(generatedArches, arch)) throw new TypeError(`no syscall table for architecture ${String(arch)}`);
    index = buildIndex(arch);
    indexes.set(arch, index);
  }
  return index;
}

/** The name of syscall `nr` on `arch`; x32 accepts the number with or without X32_SYSCALL_BIT. */
export function syscallName(arch: ArchName, nr: number): string | undefined {
  if (!Number.isSafeInteger(nr) || nr < 0) return undefined;
  const plain = arch === 'x32' && nr >= X32_SYSCALL_BIT && nr < 2 * X32_SYSCALL_BIT ? nr - X32_SYSCALL_BIT : nr;
  return indexOf(arch).byNumber.get(plain);
}

/** The number strace uses for `name` on `arch` (x32 without X32_SYSCALL_BIT). */
export function syscallNumber(arch: ArchName, name: string): number | undefined {
  return indexOf(arch).byName.get(name);
}

export function hasSyscall(arch: ArchName, name: string): boolean {
  return indexOf(arch).byName.has(name);
}

export function syscallNames(arch: ArchName): readonly string[] {
  return indexOf(arch).names;
}

/** Which arches know `name`: tells "misspelled" apart from "exists on another arch only". */
export function archesWith(name: string): ArchName[] {
  return ARCHES.filter((arch) => hasSyscall(arch, name));
}

/**
 * Whether a profile rule naming `name` takes effect on `arch` under the libseccomp that runc and
 * crun load profiles with: false for names it cannot resolve and for names it maps to another
 * arch's pseudo-syscall (arm's sync_file_range2 is one: only arm_sync_file_range works there).
 */
export function libseccompKnows(arch: ArchName, name: string): boolean {
  const index = indexOf(arch);
  return index.byName.has(name) && !index.libseccompUnusable.has(name);
}

/**
 * A known syscall of `arch` that `name` was probably meant to be (`pread` → `pread64`,
 * `newfstat` → `fstat`, `open` on aarch64 → `openat`), for error messages.
 * Undefined when `name` is already valid on `arch` or nothing is close enough.
 */
export function suggestSyscall(name: string, arch: ArchName): string | undefined {
  if (hasSyscall(arch, name)) return undefined;
  return closestSyscallName(name, (candidate) => hasSyscall(arch, candidate), syscallNames(arch));
}
