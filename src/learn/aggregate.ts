import type { StitchedEvent } from '../strace/stream.js';
import type { SyscallEvent } from '../strace/events.js';
import type { ArchName } from '../syscalls/table.js';
import { archesWith, syscallName } from '../syscalls/table.js';
import { personalityArch, type PersonalityMode } from '../syscalls/arch.js';
import { owned } from '../strace/owned.js';

/** What one syscall name did during the recording. */
export interface SyscallUsage {
  name: string;
  count: number;
  /** Failed calls by errno name (`ENOENT` → 3). Successful calls are `count` minus their sum. */
  errors: Map<string, number>;
  firstPid: number | undefined;
  firstCommand: string | undefined;
  arches: Set<ArchName>;
}

/**
 * `all`: every call counts. `after-filter-load`: nothing counts until a process loads a seccomp
 * filter (the runtime's `prctl(PR_SET_SECCOMP…)` / `seccomp(SECCOMP_SET_MODE_FILTER…)` marker);
 * from then on every traced call counts — what a runtime does before that never meets the filter.
 */
export type WindowMode = 'all' | 'after-filter-load';

/**
 * A forged or corrupt trace can name millions of different non-syscalls, numbers, programs or errno
 * texts; past these many distinct keys per table their calls are only counted (in `overflow`).
 */
export const MAX_DISTINCT_KEYS = 1024;
export const MAX_ERRNOS_PER_SYSCALL = 64;
/**
 * Processes followed at once. A real workload stays far below (strace itself would crawl first); a
 * forged trace naming millions of pids that never exit would otherwise hold a state for each.
 */
export const MAX_LIVE_PROCESSES = 1 << 16;

/** Calls whose name, number, command or errno was not itemized because its table was full. */
export interface Overflow {
  unknownNames: number;
  unresolvedNumbers: number;
  commands: number;
  errors: number;
  /** Process states dropped (oldest first) to stay under MAX_LIVE_PROCESSES: their later calls read as native, without a command. */
  processes: number;
}

export interface SyscallSet {
  nativeArch: ArchName;
  usage: Map<string, SyscallUsage>;
  /** Arches processes actually ran in (native, plus sub-arches from personality changes). */
  arches: Set<ArchName>;
  /** How many processes ran each command (basename of a successful execve). */
  commands: Map<string, number>;
  /** Syscall numbers strace printed without a name that no table resolves (`syscall_0x1c3`). */
  unresolved: Map<string, number>;
  /** Personality modes seen that have no syscall table for this native arch (counted, calls read as native). */
  unsupportedModes: Map<string, number>;
  window: { mode: WindowMode; markerSeen: boolean; markerPid: number | undefined; skippedBeforeMarker: number };
  processes: number;
  overflow: Overflow;
}

interface ProcessState {
  arch: ArchName;
  command: string | undefined;
}

const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);

// The filter-load marker: a successful PR_SET_SECCOMP / SECCOMP_SET_MODE_FILTER (decoded or raw -X raw form).
export function isFilterLoad(event: SyscallEvent): boolean {
  if (event.result?.errno !== undefined) return false;
  if (event.name === 'prctl') return /^(PR_SET_SECCOMP|0x16|22)\s*,\s*(SECCOMP_MODE_FILTER|0x2|2)\b/.test(event.args);
  if (event.name === 'seccomp') return /^(SECCOMP_SET_MODE_FILTER|0x1|1)\s*,/.test(event.args);
  return false;
}

// execve("/usr/bin/python3", [...]) → "python3"; undefined when the path is not a plain quoted string.
export function commandFromExecve(args: string): string | undefined {
  if (args.charCodeAt(0) !== 34 /* " */) return undefined;
  let end = 1;
  while (end < args.length) {
    const c = args.charCodeAt(end);
    if (c === 92 /* \ */) end += 2;
    else if (c === 34) break;
    else end++;
  }
  const path = args.slice(1, end);
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.length > 0 && base.length <= 64 ? base : undefined;
}

/** Counts one more of `key`; false (and nothing counted) when the map is full and lacks it. */
function countCapped(counts: Map<string, number>, key: string): boolean {
  const seen = counts.get(key);
  if (seen === undefined && counts.size >= MAX_DISTINCT_KEYS) return false;
  counts.set(seen === undefined ? owned(key) : key, (seen ?? 0) + 1);
  return true;
}

/** Folds stitched trace events into a SyscallSet. Constant memory per live process. */
export class Aggregator {
  readonly set: SyscallSet;
  private readonly live = new Map<number, ProcessState>();
  private readonly defaultPid = -1;
  private unknownNames = 0;

  constructor(nativeArch: ArchName, mode: WindowMode = 'all') {
    this.set = {
      nativeArch,
      usage: new Map(),
      arches: new Set([nativeArch]),
      commands: new Map(),
      unresolved: new Map(),
      unsupportedModes: new Map(),
      window: { mode, markerSeen: false, markerPid: undefined, skippedBeforeMarker: 0 },
      processes: 0,
      overflow: { unknownNames: 0, unresolvedNumbers: 0, commands: 0, errors: 0, processes: 0 },
    };
  }

  add(event: StitchedEvent): void {
    switch (event.kind) {
      case 'syscall':
        this.addSyscall(event);
        break;
      case 'personality':
        this.changePersonality(event.pid, event.mode);
        break;
      case 'exit':
        this.live.delete(event.pid ?? this.defaultPid);
        break;
      default:
        break;
    }
  }

  // A mode with no syscall table here (e.g. 31-bit s390) keeps the native table and is reported.
  private changePersonality(pid: number | undefined, mode: PersonalityMode): void {
    try {
      this.process(pid).arch = personalityArch(this.set.nativeArch, mode);
    } catch {
      this.set.unsupportedModes.set(mode, (this.set.unsupportedModes.get(mode) ?? 0) + 1);
    }
  }

  private process(pid: number | undefined): ProcessState {
    const key = pid ?? this.defaultPid;
    let state = this.live.get(key);
    if (!state) {
      state = { arch: this.set.nativeArch, command: undefined };
      this.follow(key, state);
    }
    return state;
  }

  private follow(pid: number, state: ProcessState): void {
    if (this.live.size >= MAX_LIVE_PROCESSES) {
      const oldest = this.live.keys().next().value as number;
      this.live.delete(oldest);
      this.set.overflow.processes++;
    }
    this.live.set(pid, state);
    this.set.processes++;
  }

  private addSyscall(event: SyscallEvent): void {
    const state = this.process(event.pid);
    const window = this.set.window;
    if (window.mode === 'after-filter-load' && !window.markerSeen) {
      if (isFilterLoad(event)) {
        window.markerSeen = true;
        window.markerPid = event.pid;
      } else {
        window.skippedBeforeMarker++;
      }
      this.trackProcess(event, state);
      return;
    }
    const name = this.resolveName(event, state.arch);
    if (name === undefined) return;
    let usage = this.set.usage.get(name);
    if (!usage) {
      if (!this.admitName(name)) {
        this.set.overflow.unknownNames++;
        this.trackProcess(event, state);
        return;
      }
      usage = { name: owned(name), count: 0, errors: new Map(), firstPid: event.pid, firstCommand: state.command, arches: new Set() };
      this.set.usage.set(usage.name, usage);
    }
    usage.count++;
    usage.arches.add(state.arch);
    this.set.arches.add(state.arch);
    const errno = event.result?.errno;
    if (errno !== undefined) {
      const seen = usage.errors.get(errno);
      if (seen !== undefined) usage.errors.set(errno, seen + 1);
      else if (usage.errors.size < MAX_ERRNOS_PER_SYSCALL) usage.errors.set(owned(errno), 1);
      else this.set.overflow.errors++;
    }
    this.trackProcess(event, state);
  }

  // Only reached for a name not seen before: real syscall names are bounded by the tables, others are not.
  private admitName(name: string): boolean {
    if (archesWith(name).length > 0) return true;
    if (this.unknownNames >= MAX_DISTINCT_KEYS) return false;
    this.unknownNames++;
    return true;
  }

  // Follows execve (command names) and forks (children inherit the parent's arch and command).
  private trackProcess(event: SyscallEvent, state: ProcessState): void {
    if (event.result === undefined || event.result.errno !== undefined) return;
    if (event.name === 'execve' || event.name === 'execveat') {
      const command = commandFromExecve(event.name === 'execve' ? event.args : event.args.slice(event.args.indexOf(',') + 1).trimStart());
      if (command !== undefined) {
        state.command = owned(command);
        if (!countCapped(this.set.commands, command)) this.set.overflow.commands++;
      }
    } else if (FORKS.has(event.name)) {
      const child = Number.parseInt(event.result.value, 10);
      if (child > 0 && !this.live.has(child)) this.follow(child, { arch: state.arch, command: state.command });
    }
  }

  private resolveName(event: SyscallEvent, arch: ArchName): string | undefined {
    if (!event.name.startsWith('syscall_')) return event.name;
    const resolved = event.number === undefined ? undefined : syscallName(arch, event.number);
    if (resolved !== undefined) return resolved;
    if (!countCapped(this.set.unresolved, event.name)) this.set.overflow.unresolvedNumbers++;
    return undefined;
  }
}
