import type { Profile } from '../profile/model.js';
import type { ParseStats } from '../strace/stream.js';
import { Aggregator } from '../learn/aggregate.js';
import { recordHost } from '../record/host.js';
import { nativeArch as hostArch } from '../syscalls/arch.js';
import type { ArchName } from '../syscalls/table.js';
import { TracerError } from '../errors.js';
import { findingsOf, type CheckFindings } from './findings.js';
import { probeTraceFilter } from './filter-probe.js';
import { traceFilter, type TraceFilter } from './trace-filter.js';

export interface HostCheckRequest {
  profile: Profile;
  command: string[];
  strace?: string;
  /** Keep the raw (filtered) trace here too. */
  traceOut?: string;
  nativeArch?: ArchName;
  /** Aborting stops the workload; what was traced so far is still checked. */
  signal?: AbortSignal;
}

export interface HostCheckResult {
  findings: CheckFindings;
  filter: TraceFilter;
  /** The workload's exit status (128 + signal number when it was killed). */
  exitCode: number;
  killedBy: string | undefined;
  stats: ParseStats;
  interrupted: string | undefined;
}

/**
 * Re-runs a host command under `strace -f --seccomp-bpf`, stopping only on calls the profile does
 * not let through, and sorts what it saw. The workload keeps the terminal.
 */
export async function checkHost(request: HostCheckRequest): Promise<HostCheckResult> {
  const strace = request.strace ?? 'strace';
  const native = request.nativeArch ?? hostArch();
  const filter = traceFilter(request.profile, native);
  const aggregator = new Aggregator(native, 'all');
  const run = await recordHost({ command: request.command, strace, traceOut: request.traceOut, straceFlags: filter.flags, signal: request.signal }, (event) => aggregator.add(event));
  // execve is always traced, so a run that printed nothing never started the workload: strace refused.
  if (run.stats.lines === 0 && run.interrupted === undefined) {
    await probeTraceFilter(strace, filter.flags);
    throw new TracerError(`${strace} wrote no trace (exit ${run.exitCode}); the workload was not checked`, { hint: 'its message, if any, is above' });
  }
  return {
    findings: findingsOf(aggregator.set, request.profile),
    filter,
    exitCode: run.exitCode,
    killedBy: run.killedBy,
    stats: run.stats,
    interrupted: run.interrupted,
  };
}
