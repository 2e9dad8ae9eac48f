// `verify --engine docker|podman`: the container branch of the verify verb.
import path from 'node:path';
import { readProfileFile } from '../profile/read-file.js';
import { verifyContainer, type ContainerVerifyResult } from '../record/container-verify.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ExitCode, InputError } from '../errors.js';
import type { CommandContext } from './context.js';
import { abortOnSignals } from './output.js';
import { denialTable } from './verify.js';

export interface ContainerVerifyOptions {
  profile: string;
  report?: string;
  engine: 'docker' | 'podman';
  exercise?: string;
  readyPort?: number;
  readyCmd?: string;
  readyDelay?: number;
  duration?: number;
}

type Outcome = 'ok' | 'denied' | 'workload-failed' | 'exercise-failed';

// Success needs no denial, a passing exercise (when given) and a workload that ended well, unless
// the learner itself stopped it on purpose (exercise over, --duration reached).
function outcome(run: ContainerVerifyResult, options: ContainerVerifyOptions, interrupted: boolean): Outcome {
  if (run.denials.length) return 'denied';
  if (options.exercise !== undefined && run.exerciseExit !== 0) return 'exercise-failed';
  const stoppedOnPurpose = run.stopped && !interrupted;
  if (!stoppedOnPurpose && run.workloadExit !== 0) return 'workload-failed';
  return 'ok';
}

function summary(run: ContainerVerifyResult, options: ContainerVerifyOptions, result: Outcome): string {
  const lines: string[] = [];
  if (run.denials.length) {
    const calls = run.denials.reduce((sum, d) => sum + d.count, 0);
    lines.push(`seccomp-learner: verify: the profile denied ${run.denials.length} syscall(s), ${calls} call(s):\n`, denialTable(run.denials));
  } else {
    lines.push('seccomp-learner: verify: no denied syscalls\n');
  }
  const ended = run.workloadExit === undefined ? 'ended' : `exited with ${run.workloadExit}`;
  lines.push(`seccomp-learner: verify: the container ${run.stopped ? `was stopped by the learner and ${ended}` : ended}${result === 'workload-failed' ? ' (failed)' : ''}\n`);
  if (options.exercise !== undefined) {
    const exercise = run.exerciseExit === undefined ? 'did not run' : `exited with ${run.exerciseExit}`;
    lines.push(`seccomp-learner: verify: the exercise ${exercise}${result === 'exercise-failed' ? ' (failed)' : ''}\n`);
  }
  for (const warning of run.tracerWarnings) lines.push(`seccomp-learner: warning: ${warning}\n`);
  if (run.partial) lines.push('seccomp-learner: verify: the result is partial: the recording was cut short\n');
  return lines.join('');
}

export async function verifyContainerCommand(runArgs: string[], options: ContainerVerifyOptions, context: CommandContext): Promise<number> {
  const file = path.resolve(context.cwd, options.profile);
  const { profile, format, warnings } = await readProfileFile(file, options.profile);
  for (const warning of warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  if (options.readyPort !== undefined || options.readyCmd !== undefined || options.readyDelay !== undefined) {
    if (options.exercise === undefined && options.duration === undefined) throw new InputError('--ready-port/--ready-cmd/--ready-delay wait before --exercise or --duration; give one of those');
  }
  const signals = abortOnSignals();
  try {
    const run = await verifyContainer(
      {
        engine: options.engine,
        runArgs,
        profile,
        dockerProfileFile: format === 'docker' ? file : undefined,
        exercise: options.exercise,
        readyPort: options.readyPort,
        readyCmd: options.readyCmd,
        readyDelayMs: options.readyDelay,
        durationMs: options.duration,
      },
      { stderr: context.stderr, signal: signals.signal },
    );
    const result = outcome(run, options, signals.received() !== undefined);
    context.stderr.write(summary(run, options, result));
    if (options.report) {
      const report = {
        profile: options.profile,
        engine: options.engine,
        runArgs,
        container: { id: run.containerId, runtime: run.runtime },
        result,
        workload: { exitCode: run.workloadExit ?? null, stoppedByLearner: run.stopped },
        exercise: options.exercise === undefined ? null : { command: options.exercise, exitCode: run.exerciseExit ?? null },
        denials: run.denials.map((d) => ({ name: d.name, count: d.count, answer: d.answer, firstPid: d.firstPid, firstCommand: d.firstCommand })),
        partial: run.partial,
        warnings: run.tracerWarnings,
        parse: run.stats,
      };
      await writeFileAtomic(path.resolve(context.cwd, options.report), `${JSON.stringify(report, null, 2)}\n`);
    }
    return result === 'ok' ? ExitCode.ok : ExitCode.findings;
  } finally {
    signals.dispose();
  }
}
