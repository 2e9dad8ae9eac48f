import type { Profile } from '../profile/model.js';
import { fitOf, isAllowing } from './fit.js';

// Which calls `check` asks strace to stop on. With --seccomp-bpf the kernel skips the stop for
// every other call, so a workload that still fits the profile runs at about native speed.

/**
 * Printed even when allowed: the aggregator names processes from execve and passes a parent's
 * command on at fork, and strace's seccomp filter stops on these calls anyway to follow forks.
 */
export const PROCESS_CALLS: readonly string[] = ['clone', 'clone3', 'execve', 'execveat', 'fork', 'vfork'];

export interface TraceFilter {
  /** `all-but`: trace everything except `names`; `only`: trace just `names`; `all`: no filter. */
  mode: 'all-but' | 'only' | 'all';
  names: string[];
  /** strace flags that express the filter. */
  flags: string[];
}

// A syscall name is lower-case letters, digits and underscores; anything else stays out of strace's argv.
const SYSCALL_NAME = /^[a-z0-9_]+$/;

// `?name` keeps strace from refusing a name it does not know (another arch's, or newer than this strace).
function tolerant(names: readonly string[]): string {
  return names.map((name) => `?${name}`).join(',');
}

/** The strace filter for a profile: skip what it lets through, stop on everything else. */
export function traceFilter(profile: Profile): TraceFilter {
  const named = [...new Set(profile.syscalls.flatMap((rule) => rule.names))].filter((name) => SYSCALL_NAME.test(name)).sort();
  const fits = (name: string) => {
    const fit = fitOf(profile, name);
    return fit === 'allowed' || fit === 'enosys';
  };
  if (isAllowing(profile.defaultAction)) {
    // Every unnamed call is allowed: stop only on the named calls the profile refuses or decides by argument.
    const names = [...new Set([...named.filter((name) => !fits(name)), ...PROCESS_CALLS])].sort();
    return { mode: 'only', names, flags: ['--seccomp-bpf', '-e', `trace=${tolerant(names)}`] };
  }
  const names = named.filter((name) => fits(name) && !PROCESS_CALLS.includes(name));
  if (names.length === 0) return { mode: 'all', names, flags: ['--seccomp-bpf'] };
  return { mode: 'all-but', names, flags: ['--seccomp-bpf', '-e', `trace=!${tolerant(names)}`] };
}
