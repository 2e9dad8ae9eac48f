// Which calls of a verify run the profile refused: pure, fed the stitched events of the trace.
//
// A call is a denial when it ran under the filter, the profile does not allow its name, and it got
// the profile's answer for that name:
// - SCMP_ACT_ERRNO: the call failed with exactly the errno the profile gives it. Exception: an
//   explicit rule naming the call with errno 38 (ENOSYS) is an intended "not implemented" answer
//   that libc falls back from (clone3 → clone), so it is not reported. ENOSYS from the *default*
//   action is reported: nobody chose it for that call.
// - SCMP_ACT_TRACE / SCMP_ACT_NOTIFY: no seccomp tracer or listener is attached during verify, so
//   the kernel answers ENOSYS; such a call is reported.
// - SCMP_ACT_KILL* / SCMP_ACT_TRAP: the call never returns; the process gets SIGSYS (a `--- SIGSYS`
//   line for TRAP, `+++ killed by SIGSYS +++` for KILL). The pid's last call is reported, if the
//   profile kills or traps that name (other threads of a killed process are not blamed).
// A process runs under the filter from its own successful `seccomp(SECCOMP_SET_MODE_FILTER…)` /
// `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER…)` on, and from birth when its parent had loaded one
// before forking it. A process whose parent the trace never names is treated as filtered when a
// filter had been loaded anywhere before its first line.
import { constants as osConstants } from 'node:os';
import type { StitchedEvent } from '../strace/stream.js';
import type { SyscallEvent } from '../strace/events.js';
import { actionFor, type Profile, type SeccompAction } from '../profile/model.js';
import { syscallName, type ArchName } from '../syscalls/table.js';
import { personalityArch } from '../syscalls/arch.js';
import { commandFromExecve, isFilterLoad } from '../learn/aggregate.js';

export interface Denial {
  name: string;
  count: number;
  firstPid: number;
  /** Basename of the program the first denied process had exec'd (`?` when the trace never says). */
  firstCommand: string;
  /** What the first denied call got: an errno name (`EPERM`, `ENOSYS`) or `SIGSYS`. */
  answer: string;
}

interface Candidate {
  seq: number;
  pid: number;
  name: string;
  answer: string;
}

interface Birth {
  parent: number;
  seq: number;
}

const ENOSYS = 38;
const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const KILLING = new Set<SeccompAction>(['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP']);
const ERRNO_NUMBERS = osConstants.errno as Readonly<Record<string, number>>;

// strace prints `ENOENT`, or `errno 123` for a number it has no name for.
function errnoNumber(text: string): number | undefined {
  const raw = /^errno (\d+)$/.exec(text);
  if (raw) return Number(raw[1]);
  return Object.hasOwn(ERRNO_NUMBERS, text) ? ERRNO_NUMBERS[text] : undefined;
}

/** Folds a verify trace into the list of denied calls. Memory grows with processes and denials only. */
export class DenialCollector {
  private seq = 0;
  private rootPid: number | undefined;
  private firstMarkerSeq = Infinity;
  private readonly markers = new Map<number, number>();
  private readonly births = new Map<number, Birth>();
  private readonly firstSeen = new Map<number, number>();
  private readonly execs = new Map<number, { seq: number; command: string }[]>();
  private readonly arches = new Map<number, ArchName>();
  private readonly lastCall = new Map<number, { seq: number; name: string }>();
  private readonly candidates: Candidate[] = [];
  private readonly verdicts = new Map<string, { deniedAnswer: number | 'signal' | undefined }>();

  constructor(
    private readonly profile: Profile,
    private readonly nativeArch: ArchName,
  ) {}

  /** True once any process loaded a filter: without it the helper never got to start the workload. */
  get filterLoaded(): boolean {
    return this.firstMarkerSeq !== Infinity;
  }

  /** True when the first traced process exec'd a program after loading its filter (the workload). */
  get workloadStarted(): boolean {
    if (this.rootPid === undefined) return false;
    const marker = this.markers.get(this.rootPid);
    return marker !== undefined && (this.execs.get(this.rootPid) ?? []).some((e) => e.seq > marker);
  }

  readonly add = (event: StitchedEvent): void => {
    const seq = ++this.seq;
    const pid = event.pid ?? 0;
    if (this.rootPid === undefined && event.kind !== 'info') this.rootPid = pid;
    if (!this.firstSeen.has(pid)) this.firstSeen.set(pid, seq);
    switch (event.kind) {
      case 'syscall':
        this.addSyscall(event, pid, seq);
        break;
      case 'personality':
        this.arches.set(pid, personalityArch(this.nativeArch, event.mode));
        break;
      case 'signal':
        if (/^SIGSYS\b/.test(event.signal)) this.blameLastCall(pid);
        break;
      case 'exit':
        if (event.how === 'killed' && /^SIGSYS\b/.test(event.signal ?? '')) this.blameLastCall(pid);
        this.lastCall.delete(pid);
        break;
      default:
        break;
    }
  };

  private addSyscall(event: SyscallEvent, pid: number, seq: number): void {
    if (isFilterLoad(event) && !this.markers.has(pid)) {
      this.markers.set(pid, seq);
      this.firstMarkerSeq = Math.min(this.firstMarkerSeq, seq);
    }
    const name = this.resolveName(event, pid);
    this.lastCall.set(pid, { seq, name });
    const result = event.result;
    if (result && result.errno === undefined) {
      if (event.name === 'execve' || event.name === 'execveat') {
        const command = commandFromExecve(event.name === 'execve' ? event.args : event.args.slice(event.args.indexOf(',') + 1).trimStart());
        if (command !== undefined) this.execsOf(pid).push({ seq, command });
      } else if (FORKS.has(event.name)) {
        const child = Number.parseInt(result.value, 10);
        if (child > 0 && !this.births.has(child)) {
          this.births.set(child, { parent: pid, seq });
          const arch = this.arches.get(pid);
          if (arch !== undefined) this.arches.set(child, arch);
        }
      }
    }
    const answer = result?.errno === undefined ? undefined : errnoNumber(result.errno);
    if (answer !== undefined && this.verdict(name).deniedAnswer === answer) {
      this.candidates.push({ seq, pid, name, answer: result?.errno ?? '' });
    }
  }

  private blameLastCall(pid: number): void {
    const last = this.lastCall.get(pid);
    if (!last || this.verdict(last.name).deniedAnswer !== 'signal') return;
    this.candidates.push({ seq: last.seq, pid, name: last.name, answer: 'SIGSYS' });
    this.lastCall.delete(pid);
  }

  // What the profile makes of a name: the errno that means "refused", a signal, or nothing.
  private verdict(name: string): { deniedAnswer: number | 'signal' | undefined } {
    let verdict = this.verdicts.get(name);
    if (verdict) return verdict;
    const { action, errnoRet } = actionFor(this.profile, name);
    const explicit = this.profile.syscalls.some((rule) => !rule.args?.length && !rule.includes && !rule.excludes && rule.names.includes(name));
    let deniedAnswer: number | 'signal' | undefined;
    if (action === 'SCMP_ACT_ERRNO') deniedAnswer = explicit && (errnoRet ?? 1) === ENOSYS ? undefined : (errnoRet ?? 1);
    else if (action === 'SCMP_ACT_TRACE' || action === 'SCMP_ACT_NOTIFY') deniedAnswer = ENOSYS;
    else if (KILLING.has(action)) deniedAnswer = 'signal';
    verdict = { deniedAnswer };
    this.verdicts.set(name, verdict);
    return verdict;
  }

  private resolveName(event: SyscallEvent, pid: number): string {
    if (!event.name.startsWith('syscall_') || event.number === undefined) return event.name;
    return syscallName(this.arches.get(pid) ?? this.nativeArch, event.number) ?? event.name;
  }

  private execsOf(pid: number): { seq: number; command: string }[] {
    let list = this.execs.get(pid);
    if (!list) this.execs.set(pid, (list = []));
    return list;
  }

  // The sequence number from which a pid ran under a filter (-Infinity: from birth).
  private filteredFrom(pid: number, memo: Map<number, number>): number {
    const known = memo.get(pid);
    if (known !== undefined) return known;
    memo.set(pid, Infinity); // a fork cycle (pid reuse) must not recurse forever
    let from = this.markers.get(pid) ?? Infinity;
    const birth = this.births.get(pid);
    if (birth) {
      if (this.filteredFrom(birth.parent, memo) < birth.seq) from = -Infinity;
    } else if (pid !== this.rootPid && this.firstMarkerSeq < (this.firstSeen.get(pid) ?? Infinity)) {
      from = -Infinity;
    }
    memo.set(pid, from);
    return from;
  }

  private commandAt(pid: number, seq: number, depth = 0): string {
    const execs = this.execs.get(pid) ?? [];
    for (let i = execs.length - 1; i >= 0; i--) {
      const exec = execs[i];
      if (exec && exec.seq < seq) return exec.command;
    }
    const birth = this.births.get(pid);
    return birth && depth < 1000 ? this.commandAt(birth.parent, birth.seq, depth + 1) : '?';
  }

  /** The denials so far, one entry per syscall name, sorted by name. */
  denials(): Denial[] {
    const memo = new Map<number, number>();
    const byName = new Map<string, Denial>();
    for (const candidate of this.candidates) {
      if (candidate.seq <= this.filteredFrom(candidate.pid, memo)) continue;
      const existing = byName.get(candidate.name);
      if (existing) {
        existing.count++;
        continue;
      }
      byName.set(candidate.name, {
        name: candidate.name,
        count: 1,
        firstPid: candidate.pid,
        firstCommand: this.commandAt(candidate.pid, candidate.seq),
        answer: candidate.answer,
      });
    }
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The denials in a complete list of events (the collector, for callers that hold the whole trace). */
export function findDenials(events: Iterable<StitchedEvent>, profile: Profile, nativeArch: ArchName): Denial[] {
  const collector = new DenialCollector(profile, nativeArch);
  for (const event of events) collector.add(event);
  return collector.denials();
}
