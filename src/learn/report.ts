import type { ParseStats } from '../strace/stream.js';
import type { SyscallSet } from './aggregate.js';
import type { PolicyNote, PolicyResult } from './policy.js';

/** The JSON written by `--report`: everything needed to judge and debug a learned profile. */
export interface LearnReport {
  partial: boolean;
  partialReason?: string;
  summary: {
    allowed: number;
    enosys: number;
    added: number;
    traced: number;
    calls: number;
    processes: number;
  };
  window: {
    mode: string;
    markerSeen: boolean;
    markerPid: number | null;
    callsBeforeMarker: number;
    runtimeBaseSetUsed: boolean;
  };
  arches: string[];
  syscalls: Array<{
    name: string;
    count: number;
    errors: Record<string, number>;
    firstPid: number | null;
    firstCommand: string | null;
    arches: string[];
  }>;
  added: PolicyNote[];
  enosys: PolicyNote[];
  rejected: PolicyNote[];
  unresolvedNumbers: Record<string, number>;
  /** Calls counted but not itemized: their table already held MAX_DISTINCT_KEYS names, numbers or commands. */
  overflow: { unknownNames: number; unresolvedNumbers: number; commands: number; errors: number; processes: number };
  unsupportedPersonalities: Record<string, number>;
  commands: Array<{ command: string; processes: number }>;
  parse: {
    lines: number;
    bytes: number;
    malformed: number;
    malformedSamples: string[];
    unfinishedAtEnd: number;
  };
  caveat: string;
  [extra: string]: unknown;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function record(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const key of [...map.keys()].sort()) out[key] = map.get(key) ?? 0;
  return out;
}

export function buildReport(set: SyscallSet, policy: PolicyResult, parse: ParseStats, partialReason?: string): LearnReport {
  const syscalls = [...set.usage.values()].sort(byName).map((u) => ({
    name: u.name,
    count: u.count,
    errors: record(u.errors),
    firstPid: u.firstPid ?? null,
    firstCommand: u.firstCommand ?? null,
    arches: [...u.arches].sort(),
  }));
  const report: LearnReport = {
    partial: partialReason !== undefined,
    summary: {
      allowed: policy.allowed.length,
      enosys: policy.enosys.length,
      added: policy.added.length,
      traced: set.usage.size,
      calls: syscalls.reduce((n, s) => n + s.count, 0),
      processes: set.processes,
    },
    window: {
      mode: set.window.mode,
      markerSeen: set.window.markerSeen,
      markerPid: set.window.markerPid ?? null,
      callsBeforeMarker: set.window.skippedBeforeMarker,
      runtimeBaseSetUsed: policy.usedRuntimeBase,
    },
    arches: [...set.arches].sort(),
    syscalls,
    added: policy.added,
    enosys: policy.enosys,
    rejected: policy.rejected,
    unresolvedNumbers: record(set.unresolved),
    overflow: { ...set.overflow },
    unsupportedPersonalities: record(set.unsupportedModes),
    commands: [...set.commands].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([command, processes]) => ({ command, processes })),
    parse: {
      lines: parse.lines,
      bytes: parse.bytes,
      malformed: parse.malformed,
      malformedSamples: parse.samples.map((s) => s.text),
      unfinishedAtEnd: parse.unfinishedAtEnd,
    },
    caveat:
      'A learned profile allows only what this recording exercised. Code paths the run never reached (error handling, rare features, other inputs) will be denied: exercise them, record again, and merge the profiles.',
  };
  if (partialReason !== undefined) report.partialReason = partialReason;
  return report;
}
