import type { Writable } from 'node:stream';
import type { Profile } from '../profile/model.js';
import type { ParseStats } from '../strace/stream.js';
import { Aggregator } from '../learn/aggregate.js';
import type { ContainerRecordRequest } from '../record/container.js';
import { nativeArch as hostArch } from '../syscalls/arch.js';
import type { ArchName } from '../syscalls/table.js';
import { findingsOf, type CheckFindings } from './findings.js';

export interface ContainerCheckRequest extends Omit<ContainerRecordRequest, 'securityOpt'> {
  profile: Profile;
  nativeArch?: ArchName;
}

export interface ContainerCheckResult {
  findings: CheckFindings;
  containerId: string;
  runtime: string;
  workloadExit: number | undefined;
  exerciseExit: number | undefined;
  stats: ParseStats;
  partial: boolean;
  warnings: string[];
}

/**
 * Records the container as `record --engine` does (strace attached at prestart, the whole trace:
 * --seccomp-bpf cannot apply to an attached process) and compares what ran under the runtime's
 * filter window with the profile.
 */
export async function checkContainer(request: ContainerCheckRequest, io: { stderr: Writable; signal?: AbortSignal }): Promise<ContainerCheckResult> {
  const { recordContainer } = await import('../record/container.js');
  const { profile, nativeArch, ...recordRequest } = request;
  const arch = nativeArch ?? hostArch();
  const windowed = new Aggregator(arch, 'after-filter-load');
  // Without the filter-load marker the window never opens; the whole trace is the fallback.
  const whole = new Aggregator(arch, 'all');
  const run = await recordContainer(
    recordRequest,
    (event) => {
      windowed.add(event);
      whole.add(event);
    },
    io,
  );
  const warnings = [...run.tracerWarnings];
  const markerSeen = windowed.set.window.markerSeen;
  if (!markerSeen) warnings.push('no seccomp filter-load marker in the trace: the runtime\'s own calls before the entrypoint are counted too');
  return {
    findings: findingsOf((markerSeen ? windowed : whole).set, profile),
    containerId: run.containerId,
    runtime: run.runtime,
    workloadExit: run.workloadExit,
    exerciseExit: run.exerciseExit,
    stats: run.stats,
    partial: run.partial,
    warnings,
  };
}
