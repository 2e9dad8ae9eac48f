import type { Profile } from '../profile/model.js';
import type { ArchName } from '../syscalls/table.js';
import { fitOf, isAllowing } from './fit.js';

// Which calls `check` asks strace to stop on. With --seccomp-bpf the kernel skips the stop for
// every other call, so a workload that still fits the profile runs at about native speed.
//
// The names skipped are qualified with the native personality (`read@64`). For a skip list over
// every personality, strace builds a bit-test filter (shifts by a register) that the kernel cannot
// cache, so each of the workload's calls runs it: dd bs=1 ran 1.2-1.3x native. Skipping only
// native calls makes strace's filter a short list of range compares whose answer for a native
// call the kernel caches (seccomp's constant-action bitmap), and calls in another personality
// (i386 or x32 code in an x86_64 workload) are all traced, which is merely thorough.

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

/** strace's personality designation for an arch: its word size, or `x32`. */
export type Personality = '64' | '32' | 'x32';

export function personalityOf(arch: ArchName): Personality {
  if (arch === 'x32') return 'x32';
  return arch === 'x86' || arch === 'arm' ? '32' : '64';
}

// `?name` keeps strace from refusing a name it does not know (another arch's, or newer than this strace).
function tolerant(names: readonly string[], personality?: Personality): string {
  const suffix = personality === undefined ? '' : `@${personality}`;
  return names.map((name) => `?${name}${suffix}`).join(',');
}

/**
 * The strace filter for a profile: skip what it lets through in the native personality, stop on
 * everything else.
 */
export function traceFilter(profile: Profile, native: ArchName = 'x86_64'): TraceFilter {
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
  return { mode: 'all-but', names, flags: ['--seccomp-bpf', '-e', `trace=!${tolerant(names, personalityOf(native))}`] };
}
