import { ARCHES, archesWith, hasSyscall, suggestSyscall, type ArchName } from '../../syscalls/table.js';
import { fromScmpArch, fromShortArch, isScmpArch, nativeArch } from '../../syscalls/arch.js';
import { fail, warn, type ReadContext } from './fields.js';

// A wrong name breaks quietly (slim's `pread` for `pread64` gave nginx EPERM): check each against the tables.

interface ProfileArches {
  /** Arches listed by the profile that we hold a syscall table for. */
  known: ArchName[];
  /** Listed arches without a table here: names cannot be proven wrong for them. */
  unchecked: string[];
}

function tableArch(scmpArch: string): ArchName | undefined {
  const arch = scmpArch === 'SCMP_ARCH_NATIVE' ? nativeArch() : fromScmpArch(scmpArch);
  return arch !== undefined && (ARCHES as readonly string[]).includes(arch) ? arch : undefined;
}

function profileArches(listed: readonly string[]): ProfileArches {
  if (listed.length === 0) return { known: [nativeArch()], unchecked: [] };
  const known = new Set<ArchName>();
  const unchecked = new Set<string>();
  for (const scmpArch of listed) {
    const arch = tableArch(scmpArch);
    if (arch) known.add(arch);
    else unchecked.add(scmpArch);
  }
  return { known: [...known], unchecked: [...unchecked] };
}

function describeArches(arches: readonly string[]): string {
  return arches.length === 1 ? (arches[0] ?? '') : `any of ${arches.join(', ')}`;
}

export type NameCheck = (context: ReadContext, name: string, path: string) => void;

/**
 * Checks names against the table of every listed arch (the native one when none is listed):
 * unknown everywhere is an error with a suggestion; known only on an arch the profile does not list is a warning.
 */
export function syscallNameCheck(listedArches: readonly string[]): NameCheck {
  const arches = profileArches(listedArches);
  return (context, name, path) => {
    if (arches.known.some((arch) => hasSyscall(arch, name))) return;
    const elsewhere = archesWith(name);
    if (elsewhere.length > 0) {
      const listedAs = arches.known.length ? describeArches(arches.known) : 'the listed architectures';
      warn(context, path, `"${name}" is not a syscall on ${listedAs}; it exists only on ${elsewhere.join(', ')}`);
      return;
    }
    const suggestion = arches.known.map((arch) => suggestSyscall(name, arch)).find((s) => s !== undefined);
    const didYouMean = suggestion ? `; did you mean ${suggestion}?` : '';
    // It may be a syscall of an arch without a table (mips' _newselect): only a likely typo is worth a warning.
    if (arches.unchecked.length > 0 || arches.known.length === 0) {
      if (suggestion) warn(context, path, `"${name}" is not a syscall on any architecture with a table here${didYouMean}`);
      return;
    }
    fail(context, path, `"${name}" is not a syscall on ${describeArches(arches.known)}${didYouMean}`, 'a misspelt name never matches, so the call it meant stays denied');
  };
}

/** Docker's includes/excludes arches use Go-style short names; an unknown one silently never matches. */
export function checkShortArch(context: ReadContext, arch: string, path: string): void {
  if (fromShortArch(arch) !== undefined || isScmpArch(`SCMP_ARCH_${arch.toUpperCase()}`)) return;
  warn(context, path, `"${arch}" is not an architecture name Docker knows (amd64, arm64, x86, x32, arm, s390x, …); the rule never matches it`);
}
