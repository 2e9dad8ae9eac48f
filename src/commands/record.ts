import { Option, type Command } from 'commander';
import type { Learner, LearnResult } from '../learn/pipeline.js';
import { recordHost } from '../record/host.js';
import path from 'node:path';
import { InputError, TracerError, type LearnerError } from '../errors.js';
import { findExecutable } from '../io/which.js';
import { assertWritable } from '../io/writable.js';
import type { ProcessInfo } from '../record/process-table.js';
import type { StitchedEvent } from '../strace/stream.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { abortOnSignals, emitJson, emitProfile, liveStatus, parseFormat, preloadProfileWriters, PROFILE_FORMATS } from './output.js';
import { addContainerOptions, assertNoContainerOnlyOptions, type ContainerOptions } from './container-options.js';
import type { ProfileFormat } from '../profile/write/index.js';

interface RecordOptions extends ContainerOptions {
  output: string;
  format: ProfileFormat;
  report?: string;
  traceOut?: string;
  strict?: boolean;
  name?: string;
  namespace?: string;
}

function summary(result: LearnResult, output: string): string {
  const r = result.report.summary;
  const parts = [`${r.allowed} syscalls allowed`, `${r.enosys} answered ENOSYS`];
  if (r.added) parts.push(`${r.added} added by policy`);
  const malformed = result.report.parse.malformed;
  const note = malformed ? `; ${malformed} trace line(s) could not be parsed (see --report)` : '';
  return `seccomp-learner: wrote ${output}: ${parts.join(', ')} from ${r.calls} traced calls in ${r.processes} process(es)${note}\n`;
}

// Checked before the workload runs, so a recording is never made only to be lost at the write.
function assertOutputsWritable(options: RecordOptions, context: CommandContext): Promise<void> {
  const files = [options.output === '-' ? undefined : options.output, options.report, options.traceOut].filter((f): f is string => f !== undefined);
  return assertWritable(files.map((file) => path.resolve(context.cwd, file)));
}

// The raw trace copy failing (disk full) does not cost the profile: it is written first, then the copy's error is raised.
async function writeOutputs(result: LearnResult, options: RecordOptions, context: CommandContext, extra: Record<string, unknown>, traceOutError?: LearnerError): Promise<void> {
  await emitProfile(result.profile, options, context);
  if (options.report) await emitJson(options.report, { ...result.report, ...extra }, context);
  context.stderr.write(summary(result, options.output === '-' ? 'stdout' : options.output));
  if (result.report.partial) context.stderr.write(`seccomp-learner: the profile is partial: ${result.report.partialReason}\n`);
  if (traceOutError) throw traceOutError;
}

function processList(processes: readonly ProcessInfo[]): string {
  return processes.map((p) => `${p.pid} (${p.name})`).join(', ');
}

async function recordHostCommand(command: string[], options: RecordOptions, context: CommandContext): Promise<number> {
  if (findExecutable(command[0] ?? '', context.env.PATH) === undefined) {
    throw new InputError(`command not found: ${command[0]}`, { hint: 'give the command after --, e.g. seccomp-learner record -- ls /' });
  }
  await assertOutputsWritable(options, context);
  let learner: Learner | undefined;
  const signals = abortOnSignals();
  let lines = 0;
  const status = liveStatus(context.stderr, context.interactive, () => `seccomp-learner: ${learner?.distinct ?? 0} syscalls, ${lines} calls`);
  // A daemonizing workload keeps the recording going after its main process exits: say so, and how to end it.
  const onBackground = (processes: ProcessInfo[]) => {
    context.stderr.write(
      `seccomp-learner: ${command[0]} exited, but ${processes.length} process(es) it started are still running and traced: ${processList(processes)}\n` +
        '  the recording goes on until they exit; Ctrl-C (or SIGTERM) stops them and writes the profile\n',
    );
  };
  try {
    const traceOut = options.traceOut === undefined ? undefined : path.resolve(context.cwd, options.traceOut);
    // The learner (and what writes the profile) loads while strace starts the workload.
    const load = async () => {
      const { Learner } = await import('../learn/pipeline.js');
      void preloadProfileWriters();
      const started = new Learner({ window: 'all', strict: options.strict });
      learner = started;
      return (event: StitchedEvent) => {
        if (event.kind === 'syscall') lines++;
        started.onEvent(event);
      };
    };
    const run = await recordHost({ command, traceOut, signal: signals.signal, onBackground }, { load });
    status.stop();
    if (run.tracerFailure && run.stats.lines === 0) throw new TracerError(`${run.tracerFailure}; nothing was traced`, { hint: 'its message, if any, is above' });
    if (learner === undefined) throw new Error('the trace was read without a learner');
    const partialReason = run.interrupted ?? (signals.received() ? `the learner received ${signals.received()}` : undefined);
    const result = learner.finish(run.stats, partialReason ? { partialReason } : {});
    const workload = { command, exitCode: run.tracerFailure ? null : run.exitCode, killedBy: run.killedBy ?? null };
    if (run.untracedStopped.length > 0) {
      context.stderr.write(`seccomp-learner: stopped ${run.untracedStopped.length} workload process(es) strace no longer traced: ${processList(run.untracedStopped)}\n`);
    }
    await writeOutputs(result, options, context, { workload, tracerFailure: run.tracerFailure ?? null }, run.traceOutError);
    if (run.tracerFailure) throw new TracerError(run.tracerFailure, { hint: 'the profile covers what was traced until then; record again for a complete one' });
    if (run.killedBy) context.stderr.write(`seccomp-learner: the workload was killed by ${run.killedBy}\n`);
    return run.exitCode;
  } finally {
    status.stop();
    signals.dispose();
  }
}

async function recordContainerCommand(runArgs: string[], options: RecordOptions, context: CommandContext): Promise<number> {
  const [{ recordContainer, containerRuntime }, { Learner }] = await Promise.all([import('../record/container.js'), import('../learn/pipeline.js')]);
  await assertOutputsWritable(options, context);
  const engine = options.engine!;
  const runtime = await containerRuntime(engine, runArgs);
  const learner = new Learner({ window: 'after-filter-load', strict: options.strict, runtime });
  const signals = abortOnSignals();
  try {
    const run = await recordContainer(
      {
        engine,
        runArgs,
        exercise: options.exercise,
        readyPort: options.readyPort,
        readyCmd: options.readyCmd,
        readyDelayMs: options.readyDelay,
        durationMs: options.duration,
        traceOut: options.traceOut === undefined ? undefined : path.resolve(context.cwd, options.traceOut),
      },
      learner.onEvent,
      { stderr: context.stderr, signal: signals.signal },
    );
    for (const warning of run.tracerWarnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
    const partialReason = signals.received() ? `the learner received ${signals.received()}` : run.tracerFailure ?? (run.partial ? 'the recording ended early' : undefined);
    const result = learner.finish(run.stats, partialReason ? { partialReason } : {});
    await writeOutputs(result, options, context, {
      container: {
        engine,
        id: run.containerId,
        runtime: run.runtime,
        workloadExit: run.workloadExit ?? null,
        exerciseExit: run.exerciseExit ?? null,
        stoppedByLearner: run.stopped,
        warnings: run.tracerWarnings,
        tracerFailure: run.tracerFailure ?? null,
      },
    }, run.traceOutError);
    if (result.report.window.runtimeBaseSetUsed) {
      context.stderr.write(`seccomp-learner: warning: no seccomp filter load was seen in the trace; the ${runtime} base set stands in for the runtime's own calls\n`);
    }
    if (run.tracerFailure) throw new TracerError(run.tracerFailure, { hint: 'the learner stopped the container; the profile covers what was traced until then' });
    if (options.exercise !== undefined) return run.exerciseExit ?? 1;
    // A container the learner stopped (--duration, Ctrl-C) ended because of the stop, not by failing.
    if (run.stopped && !signals.received()) return 0;
    return run.workloadExit ?? 0;
  } finally {
    signals.dispose();
  }
}

export const registerRecord: RegisterCommand = (program: Command, context: CommandContext) => {
  const recordCommand = program
    .command('record')
    .description('run a workload under strace and write the seccomp profile it needs')
    .usage('[options] -- <command> [args...]   |   --engine docker|podman [options] -- <run args...> <image> [cmd...]')
    .argument('<command...>', 'the command to run (host), or the engine run arguments (--engine)')
    .option('-o, --output <file>', 'where to write the profile (- for stdout)', 'seccomp.json')
    .addOption(new Option('--format <format>', 'profile format').choices([...PROFILE_FORMATS]).default('docker'))
    .option('--report <file>', 'write a JSON report: per-syscall counts, errno results, processes, additions')
    .option('--trace-out <file>', 'keep the raw strace log (learn on it gives the same profile)')
    .option('--strict', 'allow only what was traced: no vDSO, exit or signal-return additions')
    .option('--name <name>', 'metadata.name for --format kubernetes')
    .option('--namespace <ns>', 'namespace for --format kubernetes (namespaced v1beta1 form)');
  addContainerOptions(recordCommand, { engine: 'record a container under this engine', exercise: 'it decides success' })
    .passThroughOptions()
    .action(
      action(context, async (command: string[], options: RecordOptions) => {
        options.format = parseFormat(options.format);
        if (options.engine) return recordContainerCommand(command, options, context);
        assertNoContainerOnlyOptions(options);
        return recordHostCommand(command, options, context);
      }),
    );
};
