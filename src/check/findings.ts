import type { SyscallSet, SyscallUsage } from '../learn/aggregate.js';
import type { Profile } from '../profile/model.js';
import { toScmpArch } from '../syscalls/arch.js';
import { hasSyscall } from '../syscalls/table.js';
import { answerFor, fitOf, outcomeFor } from './fit.js';

// What a traced re-run of the workload says about its profile: pure, fed the aggregated trace.

/** One traced syscall name and where it first showed up. */
export interface SyscallUse {
  name: string;
  count: number;
  firstPid: number | null;
  firstCommand: string | null;
}

/** A call the profile would refuse. */
export interface SyscallNeed extends SyscallUse {
  /** What the profile answers it with today, e.g. `SCMP_ACT_ERRNO(1)`. */
  answer: string;
  /** `enosys` when every call already failed with ENOSYS here: a probe that needs that answer, not the call. */
  needs: 'allow' | 'enosys';
}

export interface CheckFindings {
  /** Calls the profile would refuse: what makes `check` fail. */
  newSyscalls: SyscallNeed[];
  /** Calls only argument rules decide; listed, not failed on (use verify to enforce them). */
  conditional: SyscallUse[];
  /** SCMP_ARCH_* names processes ran in that the profile does not list (the kernel kills such calls). */
  newArchitectures: string[];
  /** The host's own SCMP_ARCH_*: what a profile without architectures stands for. */
  nativeArchitecture: string;
  /** Traced names no syscall table of the seen arches knows; they cannot go into a profile. */
  unknown: SyscallUse[];
  /** `syscall_0x…` numbers no table resolves, with their counts. */
  unresolved: Record<string, number>;
  /** Traced calls: with the filter, the ones the profile does not let through plus process calls. */
  tracedCalls: number;
  fits: boolean;
}

const ENOSYS = 38;

function use(usage: SyscallUsage): SyscallUse {
  return { name: usage.name, count: usage.count, firstPid: usage.firstPid ?? null, firstCommand: usage.firstCommand ?? null };
}

function onlyEnosys(usage: SyscallUsage): boolean {
  return usage.errors.size === 1 && usage.errors.get('ENOSYS') === usage.count;
}

// With no architectures listed, runtimes load the filter for the native arch only.
function profileArches(profile: Profile, native: string): Set<string> {
  const listed = [...(profile.architectures ?? []), ...(profile.archMap ?? []).flatMap((m) => [m.architecture, ...m.subArchitectures])];
  const arches = new Set(listed.length ? listed : [native]);
  if (arches.has('SCMP_ARCH_NATIVE')) arches.add(native);
  return arches;
}

/** Sorts every traced name into fits, refused, argument-dependent or unknown. */
export function findingsOf(set: SyscallSet, profile: Profile): CheckFindings {
  const seenArches = [...set.arches];
  const newSyscalls: SyscallNeed[] = [];
  const conditional: SyscallUse[] = [];
  const unknown: SyscallUse[] = [];
  let tracedCalls = 0;
  for (const usage of [...set.usage.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    tracedCalls += usage.count;
    const fit = fitOf(profile, usage.name);
    if (fit === 'allowed' || fit === 'enosys') continue;
    if (!seenArches.some((arch) => hasSyscall(arch, usage.name))) unknown.push(use(usage));
    else if (fit === 'conditional') conditional.push(use(usage));
    else if (onlyEnosys(usage)) {
      const outcome = outcomeFor(profile, usage.name);
      if (!(outcome.action === 'SCMP_ACT_ERRNO' && outcome.errnoRet === ENOSYS)) newSyscalls.push({ ...use(usage), answer: answerFor(profile, usage.name), needs: 'enosys' });
    } else newSyscalls.push({ ...use(usage), answer: answerFor(profile, usage.name), needs: 'allow' });
  }
  const nativeArchitecture = toScmpArch(set.nativeArch);
  const known = profileArches(profile, nativeArchitecture);
  const newArchitectures = seenArches.map(toScmpArch).filter((arch) => !known.has(arch)).sort();
  const unresolved: Record<string, number> = Object.create(null);
  for (const [name, count] of [...set.unresolved].sort()) unresolved[name] = count;
  return {
    newSyscalls,
    conditional,
    newArchitectures,
    nativeArchitecture,
    unknown,
    unresolved,
    tracedCalls,
    fits: newSyscalls.length === 0 && newArchitectures.length === 0,
  };
}
