import type { Profile, SyscallRule } from '../profile/model.js';
import { normalizeProfile } from '../profile/model.js';
import { hasSyscall, type ArchName } from '../syscalls/table.js';
import { toScmpArch, vdsoSyscalls } from '../syscalls/arch.js';
import type { SyscallSet } from './aggregate.js';
import { RUNTIME_BASE_SETS, RUNTIME_SCHEDULING_CALLS, type RuntimeName } from './runtime-base.js';

export const ENOSYS = 38;
export const EPERM = 1;

/**
 * Syscalls that libc and runtimes probe and fall back from only on ENOSYS (DOMAIN §5). An EPERM
 * answer breaks threads (clone3), shells (faccessat2) and more, so unused ones get ENOSYS.
 */
export const PROBE_SYSCALLS = [
  'cachestat', 'clone3', 'close_range', 'epoll_pwait2', 'faccessat2', 'fchmodat2', 'futex_waitv', 'landlock_create_ruleset',
  'memfd_secret', 'mount_setattr', 'openat2', 'pidfd_getfd', 'pidfd_open', 'pidfd_send_signal', 'process_madvise',
  'process_mrelease', 'rseq', 'set_mempolicy_home_node', 'statx',
] as const;

/** Calls allowed even when unseen (unless --strict), with the reason shown in the report. */
const ALWAYS_NEEDED: ReadonlyArray<readonly [string, string]> = [
  ['exit', 'every thread ends with exit; without it a finishing thread hangs or is killed'],
  ['exit_group', 'every process ends with exit_group; without it exiting hangs or is killed'],
  ['rt_sigreturn', 'returning from any signal handler needs it; without it the process dies at its first signal'],
  ['sigreturn', 'returning from a signal handler in 32-bit mode needs it'],
  ['restart_syscall', 'the kernel resumes sleeps interrupted by a stop signal (SIGSTOP/SIGCONT) through it'],
];

const VDSO_REASON = 'served by the vDSO so it is rarely traced, but the kernel falls back to the real call when the vDSO cannot answer';

export interface PolicyOptions {
  /** Only what was traced: no vDSO, exit or signal-return additions, no runtime base set. */
  strict?: boolean;
  /** Container recordings: the runtime whose base set stands in when no filter-load marker was seen. */
  runtime?: RuntimeName;
  /** errno for everything not listed (EPERM). */
  defaultErrnoRet?: number;
}

export interface PolicyNote {
  name: string;
  reason: string;
}

export interface PolicyResult {
  profile: Profile;
  allowed: string[];
  /** Names allowed without being traced, and why. */
  added: PolicyNote[];
  /** Names answered with ENOSYS, and why. */
  enosys: PolicyNote[];
  /** Traced names left out of the profile, and why (unknown to every table, or always ENOSYS). */
  rejected: PolicyNote[];
  /** True when the runtime base set was used because no filter-load marker was found. */
  usedRuntimeBase: boolean;
}

function knownOn(arches: readonly ArchName[], name: string): boolean {
  return arches.some((arch) => hasSyscall(arch, name));
}

/** A call the workload only ever saw fail with ENOSYS was a probe: keep answering ENOSYS. */
function onlyEnosys(errors: Map<string, number>, count: number): boolean {
  return errors.size === 1 && errors.get('ENOSYS') === count;
}

/** Turns what was traced into rules: the allow list, ENOSYS answers for probes, and the additions. */
export function buildPolicy(set: SyscallSet, options: PolicyOptions = {}): PolicyResult {
  const arches = [...set.arches].sort();
  const allowed = new Set<string>();
  const enosys = new Map<string, string>();
  const added = new Map<string, string>();
  const rejected: PolicyNote[] = [];

  for (const usage of [...set.usage.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!knownOn(arches, usage.name)) {
      rejected.push({ name: usage.name, reason: `not a syscall on ${arches.join(', ')}` });
    } else if (onlyEnosys(usage.errors, usage.count)) {
      enosys.set(usage.name, `probed ${usage.count}× and answered ENOSYS by this kernel`);
    } else {
      allowed.add(usage.name);
    }
  }

  const addIfKnown = (name: string, reason: string) => {
    if (allowed.has(name) || !knownOn(arches, name)) return;
    allowed.add(name);
    added.set(name, reason);
  };
  const usedRuntimeBase = set.window.mode === 'after-filter-load' && !set.window.markerSeen && options.runtime !== undefined;
  if (!options.strict) {
    for (const arch of arches) for (const name of vdsoSyscalls(arch)) addIfKnown(name, VDSO_REASON);
    for (const [name, reason] of ALWAYS_NEEDED) addIfKnown(name, reason);
    if (usedRuntimeBase && options.runtime) {
      const reason = `${options.runtime} base set: no filter-load marker was found, so the runtime's own calls could not be measured`;
      for (const name of RUNTIME_BASE_SETS[options.runtime]) addIfKnown(name, reason);
    }
    if (set.window.mode === 'after-filter-load' && options.runtime) {
      const reason = `${options.runtime} may make this call after loading the filter on some runs and not others (Go scheduler and signals)`;
      for (const name of RUNTIME_SCHEDULING_CALLS[options.runtime]) addIfKnown(name, reason);
    }
  }
  for (const name of PROBE_SYSCALLS) {
    if (!allowed.has(name) && !enosys.has(name) && knownOn(arches, name)) {
      enosys.set(name, 'known fallback probe: libc falls back only on ENOSYS, EPERM would break it');
    }
  }
  for (const name of enosys.keys()) allowed.delete(name);

  const syscalls: SyscallRule[] = [];
  if (allowed.size) syscalls.push({ names: [...allowed], action: 'SCMP_ACT_ALLOW' });
  if (enosys.size) syscalls.push({ names: [...enosys.keys()], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  const profile = normalizeProfile({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: options.defaultErrnoRet ?? EPERM,
    architectures: arches.map(toScmpArch),
    syscalls,
  });
  const notes = (m: Map<string, string>) => [...m].map(([name, reason]) => ({ name, reason })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return { profile, allowed: [...allowed].sort(), added: notes(added), enosys: notes(enosys), rejected, usedRuntimeBase };
}
