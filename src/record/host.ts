import { constants as osConstants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ParseStats, StitchedEvent } from '../strace/stream.js';
import { TracerError, type LearnerError } from '../errors.js';
import { startChild } from '../io/child.js';
import { openTracePipe, teeTraceTo, type TracePipe } from './trace-pipe.js';
import { checkStrace } from './strace-check.js';
import { readProcessTable, tracedBy, uptime, type ProcessInfo } from './process-table.js';
import { WorkloadTree, type MainExit } from './workload-tree.js';
import { stopUntraced, WorkloadStopper } from './workload-stopper.js';

/**
 * strace flags the parser and the aggregator rely on: follow forks, keep personality and exit
 * lines (only attach chatter is quiet). No `-s`: strace prints paths (execve's too) whole at any
 * string size, and longer buffers only made the trace bigger (5% slower on a directory walk).
 */
export const RECORD_STRACE_FLAGS = ['-f', '-e', 'quiet=attach,path-resolution'] as const;

/** How long the main process may be gone while strace still traces others before the caller hears of them. */
export const BACKGROUND_NOTICE_MS = 1000;

export interface HostRecordRequest {
  command: string[];
  traceOut?: string;
  strace?: string;
  /** Extra strace flags placed before `-o` (e.g. `--seccomp-bpf -e trace=…` for `check`). */
  straceFlags?: readonly string[];
  /** Aborting stops every traced process (SIGTERM, SIGKILL after a grace period or a second abort); the trace so far is still parsed. */
  signal?: AbortSignal;
  /** Called once when the main process has ended but processes it started (daemons) are still traced. */
  onBackground?: (processes: ProcessInfo[]) => void;
}

export interface HostRecordResult {
  /** The workload's exit status (128 + signal number when it was killed), as a shell reports it. */
  exitCode: number;
  killedBy: string | undefined;
  stats: ParseStats;
  /** Set when the recording was cut short (signal to the learner, strace failure). */
  interrupted: string | undefined;
  /** Set when strace ended before the workload did: the trace stops there. */
  tracerFailure: string | undefined;
  /** Workload processes that outlived their strace and were stopped. */
  untracedStopped: ProcessInfo[];
  /** The raw trace copy (--trace-out) could not be written; the trace itself was still parsed. */
  traceOutError: LearnerError | undefined;
}

/**
 * What takes the events: a function, or `load`, which is called once strace has been started, so that
 * loading the parser and what consumes its events (module loading is most of a short run's cost)
 * overlaps the workload's start instead of delaying it. The FIFO holds what strace writes meanwhile.
 */
export type EventConsumer = ((event: StitchedEvent) => void) | { load(): Promise<(event: StitchedEvent) => void> };

function signalNumber(name: string | undefined): number {
  return name ? (osConstants.signals as Record<string, number>)[name] ?? 0 : 0;
}

// strace exits as its main tracee did: with its code, or by re-raising its signal (128 + n if that fails).
function matchesMainExit(result: { exitCode?: number; signal?: string }, main: MainExit | undefined): boolean {
  if (main === undefined) return false;
  if (main.how === 'exited') return result.exitCode === main.code;
  return result.signal === main.signal || result.exitCode === 128 + signalNumber(main.signal);
}

function describeEnd(strace: string, result: { exitCode?: number; signal?: string }): string {
  return result.signal ? `${strace} was killed by ${result.signal}` : `${strace} exited with ${result.exitCode}`;
}

// The trace's readers (the parser, and the --trace-out copy) attach together, once the consumer is
// loaded: the stream holds still until then, so neither misses a byte.
async function consume(
  pipe: TracePipe,
  traceOut: string | undefined,
  consumer: EventConsumer,
  observe: (event: StitchedEvent) => void,
): Promise<{ stats: ParseStats; traceOutError: LearnerError | undefined }> {
  try {
    const [{ parseStream }, onEvent] = await Promise.all([import('../strace/stream.js'), typeof consumer === 'function' ? consumer : consumer.load()]);
    const tee = traceOut ? teeTraceTo(pipe.stream, traceOut) : undefined;
    const stats = await parseStream(pipe.stream, (event) => {
      observe(event);
      onEvent(event);
    });
    const traceOutError = await tee?.done.then(() => undefined, (error: LearnerError) => error);
    return { stats, traceOutError };
  } catch (error) {
    pipe.discard();
    throw error;
  }
}

/**
 * Runs `strace -f` on a host command, streaming the trace through a FIFO into the parser while the
 * workload runs. The workload keeps the terminal: stdin, stdout and stderr pass through untouched.
 */
export async function recordHost(request: HostRecordRequest, consumer: EventConsumer): Promise<HostRecordResult> {
  const strace = request.strace ?? 'strace';
  // Both spawn a process: side by side, the check costs the recording no time.
  const [checked, opened] = await Promise.allSettled([checkStrace(strace), openTracePipe()]);
  if (checked.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.dispose();
    throw checked.reason;
  }
  if (opened.status === 'rejected') throw opened.reason;
  const pipe = opened.value;
  let straceEnded = false;
  let stracePid: number | undefined;
  // Cancelled when strace ends: a pending timer would keep the learner alive after its work is done.
  const noticeTimer = new AbortController();
  const noticeBackground = async () => {
    if (request.onBackground === undefined) return;
    const waited = await sleep(BACKGROUND_NOTICE_MS, true, { signal: noticeTimer.signal }).catch(() => false);
    if (!waited || straceEnded || stracePid === undefined) return;
    const left = tracedBy(await readProcessTable(), stracePid);
    if (left.length > 0 && !straceEnded) request.onBackground(left);
  };
  const tree = new WorkloadTree(() => void noticeBackground());

  const child = startChild(strace, [...RECORD_STRACE_FLAGS, ...(request.straceFlags ?? []), '-o', pipe.path, '--', ...request.command], 'inherit');
  stracePid = child.pid;
  const consumed = consume(pipe, request.traceOut, consumer, (event) => tree.observe(event));
  const ended = child.ended.then(() => {
    straceEnded = true;
    noticeTimer.abort();
  });
  const stopper = stracePid === undefined ? undefined : new WorkloadStopper(stracePid, ended);
  // With no one to take its trace the workload would run on for nothing: it is stopped, and the
  // consumer's error is raised (awaited below) once strace has ended.
  consumed.catch(() => stopper?.stop());

  let interrupted: string | undefined;
  const onAbort = () => {
    interrupted = 'the recording was stopped by a signal before the workload ended';
    stopper?.stop();
  };
  request.signal?.addEventListener('abort', onAbort);
  if (request.signal?.aborted) onAbort();

  try {
    const result = await child.ended;
    const cutoff = await uptime();
    await stopper?.settled();
    await pipe.release();
    const { stats, traceOutError } = await consumed;
    if (result.error) throw new TracerError(`could not run ${strace}: ${result.error.message}`, { cause: result.error });
    let tracerFailure: string | undefined;
    let untracedStopped: ProcessInfo[] = [];
    if (!matchesMainExit(result, tree.rootExit)) {
      tracerFailure = `${describeEnd(strace, result)} before the workload ended`;
      // With no trace at all the workload never ran: callers report strace's refusal instead.
      if (stats.lines > 0) interrupted ??= tracerFailure;
      untracedStopped = await stopUntraced(tree.live, cutoff);
    }
    const killedBy = tracerFailure ? undefined : result.signal ?? undefined;
    const exitCode = result.exitCode ?? 128 + signalNumber(result.signal);
    return { exitCode, killedBy, stats, interrupted, tracerFailure, untracedStopped, traceOutError };
  } finally {
    noticeTimer.abort();
    request.signal?.removeEventListener('abort', onAbort);
    await pipe.dispose();
  }
}
