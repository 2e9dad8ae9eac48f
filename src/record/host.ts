import { constants as osConstants } from 'node:os';
import { execa } from 'execa';
import { parseStream, type ParseStats, type StitchedEvent } from '../strace/stream.js';
import { TracerError } from '../errors.js';
import { openTracePipe, teeTraceTo } from './trace-pipe.js';
import { checkStrace } from './strace-check.js';

/**
 * strace flags the parser and the aggregator rely on: follow forks, keep personality and exit
 * lines (only attach chatter is quiet), and strings long enough to read execve paths.
 */
export const RECORD_STRACE_FLAGS = ['-f', '-e', 'quiet=attach,path-resolution', '-s', '256'] as const;

export interface HostRecordRequest {
  command: string[];
  traceOut?: string;
  strace?: string;
  /** Extra strace flags placed before `-o` (e.g. `--seccomp-bpf -e trace=…` for `check`). */
  straceFlags?: readonly string[];
  /** Aborting forwards SIGTERM to the workload; the trace so far is still parsed. */
  signal?: AbortSignal;
}

export interface HostRecordResult {
  /** The workload's exit status (128 + signal number when it was killed), as a shell reports it. */
  exitCode: number;
  killedBy: string | undefined;
  stats: ParseStats;
  /** Set when the recording was cut short (signal to the learner, strace failure). */
  interrupted: string | undefined;
}

function signalNumber(name: string | undefined): number {
  return name ? (osConstants.signals as Record<string, number>)[name] ?? 0 : 0;
}

/**
 * Runs `strace -f` on a host command, streaming the trace through a FIFO into the parser while the
 * workload runs. The workload keeps the terminal: stdin, stdout and stderr pass through untouched.
 */
export async function recordHost(request: HostRecordRequest, onEvent: (event: StitchedEvent) => void): Promise<HostRecordResult> {
  const strace = request.strace ?? 'strace';
  await checkStrace(strace);
  const pipe = await openTracePipe();
  let rootPid: number | undefined;
  const tee = request.traceOut ? teeTraceTo(pipe.stream, request.traceOut) : undefined;
  const parsed = parseStream(pipe.stream, (event) => {
    if (rootPid === undefined && event.pid !== undefined) rootPid = event.pid;
    onEvent(event);
  });
  parsed.catch(() => undefined); // awaited below; this only keeps an early stream error from going unhandled

  const child = execa(strace, [...RECORD_STRACE_FLAGS, ...(request.straceFlags ?? []), '-o', pipe.path, '--', ...request.command], {
    stdio: 'inherit',
    reject: false,
    cleanup: true,
  });

  let interrupted: string | undefined;
  let forwarded = 0;
  const forward = () => {
    interrupted = 'the recording was stopped by a signal before the workload ended';
    forwarded++;
    const target = rootPid ?? child.pid;
    if (target === undefined) return;
    try {
      process.kill(target, forwarded > 1 ? 'SIGKILL' : 'SIGTERM');
    } catch {
      // already gone
    }
  };
  request.signal?.addEventListener('abort', forward);
  if (request.signal?.aborted) forward();

  try {
    const result = await child;
    await pipe.release();
    const stats = await parsed;
    await tee?.done;
    if (result.failed && result.exitCode === undefined && result.signal === undefined) {
      throw new TracerError(`could not run ${strace}: ${result.shortMessage}`, { cause: result });
    }
    const killedBy = result.signal ?? undefined;
    const exitCode = result.exitCode ?? 128 + signalNumber(killedBy);
    return { exitCode, killedBy, stats, interrupted };
  } finally {
    request.signal?.removeEventListener('abort', forward);
    await pipe.dispose();
  }
}
