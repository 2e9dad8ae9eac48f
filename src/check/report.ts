import type { ParseStats } from '../strace/stream.js';
import type { CheckFindings } from './findings.js';
import { workloadFailed, type WorkloadEnd } from './summary.js';

// The JSON `check --report` writes: stable keys, for CI steps that post or archive it.

export type CheckVerdict = 'fits' | 'new-syscalls' | 'workload-failed';

export interface CheckReport {
  profile: string;
  command: string[];
  result: CheckVerdict;
  newSyscalls: CheckFindings['newSyscalls'];
  newArchitectures: string[];
  conditional: CheckFindings['conditional'];
  unknown: CheckFindings['unknown'];
  unresolvedNumbers: Record<string, number>;
  workload: { exitCode: number | null; killedBy: string | null; exerciseExit?: number | null };
  /** Where the updated profile went (`--update`), or null. */
  updated: string | null;
  partial: boolean;
  partialReason: string | null;
  trace: { filter: string; tracedCalls: number; lines: number; malformed: number };
  [extra: string]: unknown;
}

export function verdictOf(findings: CheckFindings, end: WorkloadEnd): CheckVerdict {
  if (!findings.fits) return 'new-syscalls';
  return workloadFailed(end) ? 'workload-failed' : 'fits';
}

export function checkReport(input: {
  profile: string;
  command: string[];
  findings: CheckFindings;
  end: WorkloadEnd;
  filter: string;
  stats: ParseStats;
  updated?: string;
  partialReason?: string;
}): CheckReport {
  const { findings, end } = input;
  const workload: CheckReport['workload'] = { exitCode: end.exitCode ?? null, killedBy: end.killedBy ?? null };
  if (end.exerciseExit !== undefined) workload.exerciseExit = end.exerciseExit;
  return {
    profile: input.profile,
    command: input.command,
    result: verdictOf(findings, end),
    newSyscalls: findings.newSyscalls,
    newArchitectures: findings.newArchitectures,
    conditional: findings.conditional,
    unknown: findings.unknown,
    unresolvedNumbers: findings.unresolved,
    workload,
    updated: input.updated ?? null,
    partial: input.partialReason !== undefined,
    partialReason: input.partialReason ?? null,
    trace: { filter: input.filter, tracedCalls: findings.tracedCalls, lines: input.stats.lines, malformed: input.stats.malformed },
  };
}
