import type { CheckFindings, SyscallNeed, SyscallUse } from './findings.js';

// The human summary `check` prints on stderr (stdout belongs to the workload).

export interface WorkloadEnd {
  exitCode: number | undefined;
  killedBy?: string | undefined;
  /** Container checks with --exercise: the exercise's status decides success. */
  exerciseExit?: number | undefined;
}

const PREFIX = 'seccomp-learner: check:';

export function workloadFailed(end: WorkloadEnd): boolean {
  if (end.exerciseExit !== undefined) return end.exerciseExit !== 0;
  return end.killedBy !== undefined || (end.exitCode !== undefined && end.exitCode !== 0);
}

function describeEnd(end: WorkloadEnd): string {
  if (end.exerciseExit !== undefined) return `the exercise exited with ${end.exerciseExit}`;
  if (end.killedBy) return `the workload was killed by ${end.killedBy}`;
  return end.exitCode === undefined ? 'the workload status is unknown' : `the workload exited with ${end.exitCode}`;
}

function origin(use: SyscallUse): string {
  return `first by ${use.firstCommand ?? '?'}${use.firstPid === null ? '' : ` (pid ${use.firstPid})`}`;
}

function needTable(needs: readonly SyscallNeed[]): string[] {
  const answers = needs.map((n) => (n.needs === 'enosys' ? `${n.answer}, needs ENOSYS` : n.answer));
  const nameWidth = Math.max(...needs.map((n) => n.name.length));
  const countWidth = Math.max(...needs.map((n) => String(n.count).length));
  const answerWidth = Math.max(...answers.map((a) => a.length));
  return needs.map((n, i) => `  ${n.name.padEnd(nameWidth)}  ${String(n.count).padStart(countWidth)}×  ${(answers[i] ?? '').padEnd(answerWidth)}  ${origin(n)}`);
}

const listed = (uses: readonly SyscallUse[]) => uses.map((u) => `${u.name} (${u.count}×)`).join(', ');

/** Findings first, then notes, then how the workload ended; every line ends with a newline. */
export function checkSummary(profileName: string, findings: CheckFindings, end: WorkloadEnd, notes: { partialReason?: string; updated?: string } = {}): string {
  const lines: string[] = [];
  if (findings.newSyscalls.length) {
    lines.push(`${PREFIX} the workload needs ${findings.newSyscalls.length} syscall(s) ${profileName} does not allow:`, ...needTable(findings.newSyscalls));
  }
  if (findings.newArchitectures.length) lines.push(`${PREFIX} processes ran as ${findings.newArchitectures.join(', ')}, which ${profileName} does not list`);
  if (findings.fits) lines.push(`${PREFIX} ${profileName} fits: the workload made no call it refuses`);
  if (findings.conditional.length) lines.push(`${PREFIX} decided by argument rules, not checked here (verify enforces them): ${listed(findings.conditional)}`);
  if (findings.unknown.length) lines.push(`${PREFIX} warning: not syscalls of the traced architectures, left out: ${listed(findings.unknown)}`);
  const unresolved = Object.entries(findings.unresolved);
  if (unresolved.length) lines.push(`${PREFIX} warning: syscall numbers no table names: ${unresolved.map(([n, c]) => `${n} (${c}×)`).join(', ')}`);
  if (notes.updated) lines.push(`${PREFIX} ${notes.updated}`);
  lines.push(`${PREFIX} ${describeEnd(end)}${workloadFailed(end) ? ' (failed)' : ''}`);
  if (notes.partialReason) lines.push(`${PREFIX} the result is partial: ${notes.partialReason}`);
  return lines.map((line) => `${line}\n`).join('');
}
