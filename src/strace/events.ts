// The events one strace output line turns into. Pure data: tests assert these directly.

/** How a syscall ended, as strace printed it after ` = `. */
export interface SyscallResult {
  /** The return value text: `0`, `-1`, `0x55db6fafc000`, `?`, `3</etc/hostname>` … */
  value: string;
  /** Errno name when the call failed (`ENOENT`, `ENOSYS`, `ERESTARTSYS`, or `errno 123`). */
  errno?: string;
}

interface PidPart {
  /** Process/thread id from the `1234 ` or `[pid 1234] ` prefix or the `-ff` file suffix. Undefined when absent. */
  pid: number | undefined;
}

/** A complete syscall line, or an unfinished/resumed pair stitched back together. */
export interface SyscallEvent extends PidPart {
  kind: 'syscall';
  /**
   * Syscall name as strace printed it. An unknown call stays `syscall_0x1ff` / `syscall_511` with `number`
   * set: the aggregator resolves it through the arch table, because the arch depends on the process personality.
   */
  name: string;
  /** Syscall number when the line carried one: `-n` (raw, so x32 calls include 0x40000000) or `syscall_0x…`. */
  number?: number;
  /** Raw argument text between the parentheses (may be partial for a resumed line without partner). */
  args: string;
  /** Undefined when the result is missing (e.g. `= ? <unavailable>`). */
  result: SyscallResult | undefined;
}

/** `name(args <unfinished ...>`: the first half of a call interrupted by another pid's line. */
export interface UnfinishedEvent extends PidPart {
  kind: 'unfinished';
  name: string;
  number?: number;
  args: string;
}

/** `<... name resumed>rest) = result`: the second half. */
export interface ResumedEvent extends PidPart {
  kind: 'resumed';
  name: string;
  number?: number;
  /** Argument text after `resumed>` up to the closing parenthesis. */
  args: string;
  result: SyscallResult | undefined;
}

/** `--- SIGCHLD {...} ---` or `--- stopped by SIGSTOP ---`. */
export interface SignalEvent extends PidPart {
  kind: 'signal';
  signal: string;
}

/** `+++ exited with 0 +++`, `+++ killed by SIGSEGV (core dumped) +++`, `+++ superseded by execve in pid N +++`. */
export interface ExitEvent extends PidPart {
  kind: 'exit';
  how: 'exited' | 'killed' | 'superseded';
  code?: number;
  signal?: string;
  /** For `superseded`: the pid whose execve replaced this thread. */
  byPid?: number;
}

/** `[ Process PID=17287 runs in x32 mode. ]` */
export interface PersonalityEvent extends PidPart {
  kind: 'personality';
  mode: '64 bit' | '32 bit' | 'x32';
}

/** Lines that carry no syscall: `strace:` diagnostics, `-k` stack lines, `-e write=` dumps, `???` calls. */
export interface InfoEvent extends PidPart {
  kind: 'info';
  text: string;
}

/** A line the parser could not understand. Counted and sampled, never thrown. */
export interface MalformedEvent {
  kind: 'malformed';
  text: string;
  reason: string;
}

export type TraceEvent =
  | SyscallEvent
  | UnfinishedEvent
  | ResumedEvent
  | SignalEvent
  | ExitEvent
  | PersonalityEvent
  | InfoEvent
  | MalformedEvent;
