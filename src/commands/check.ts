import path from 'node:path';
import { Option, type Command } from 'commander';
import { checkHost } from '../check/host.js';
import type { CheckFindings } from '../check/findings.js';
import { checkReport } from '../check/report.js';
import { checkSummary, workloadFailed, type WorkloadEnd } from '../check/summary.js';
import { updatedProfile } from '../check/update.js';
import { ExitCode, InputError } from '../errors.js';
import { findExecutable } from '../io/which.js';
import type { Profile } from '../profile/model.js';
import { readProfileFile } from '../profile/read-file.js';
import type { DetectedFormat, ParsedProfile } from '../profile/read.js';
import type { ProfileFormat } from '../profile/write/index.js';
import type { ParseStats } from '../strace/stream.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { nameFromFile } from './convert.js';
import { abortOnSignals, emitJson, emitProfile, parseFormat, PROFILE_FORMATS } from './output.js';
import { addContainerOptions, assertNoContainerOnlyOptions, type ContainerOptions } from './container-options.js';

interface CheckOptions extends ContainerOptions {
  profile: string;
  update?: boolean;
  report?: string;
  format?: ProfileFormat;
  traceOut?: string;
}

/** What either path (host or container) hands back to the command. */
interface CheckRun {
  findings: CheckFindings;
  end: WorkloadEnd;
  stats: ParseStats;
  filter: string;
  partialReason: string | undefined;
}

// --update writes back in the format it read unless told otherwise; a whole config.json cannot be rewritten.
function updateFormat(file: string, detected: DetectedFormat, asked: ProfileFormat | undefined): ProfileFormat {
  if (detected === 'oci-config') {
    throw new InputError(`${file}: --update cannot rewrite a whole OCI config.json, only a profile file`, {
      hint: 'extract the profile with `seccomp-learner convert config.json --to oci -o profile.json` and check that',
    });
  }
  return asked ?? detected;
}

async function runOnHost(command: string[], profile: Profile, options: CheckOptions, context: CommandContext, signal: AbortSignal): Promise<CheckRun> {
  if (findExecutable(command[0] ?? '', context.env.PATH) === undefined) {
    throw new InputError(`command not found: ${command[0]}`, { hint: 'give the command after --, e.g. seccomp-learner check --profile p.json -- ls /' });
  }
  const run = await checkHost({ profile, command, traceOut: options.traceOut, signal });
  const filter = run.filter.mode === 'all' ? 'every call' : `${run.filter.mode === 'only' ? 'only' : 'all but'} ${run.filter.names.length} name(s), --seccomp-bpf`;
  return { findings: run.findings, end: { exitCode: run.exitCode, killedBy: run.killedBy }, stats: run.stats, filter, partialReason: run.interrupted };
}

async function runInContainer(runArgs: string[], profile: Profile, options: CheckOptions, context: CommandContext, signal: AbortSignal): Promise<CheckRun> {
  const { checkContainer } = await import('../check/container.js');
  const run = await checkContainer(
    {
      profile,
      engine: options.engine!,
      runArgs,
      exercise: options.exercise,
      readyPort: options.readyPort,
      readyCmd: options.readyCmd,
      readyDelayMs: options.readyDelay,
      durationMs: options.duration,
      traceOut: options.traceOut,
    },
    { stderr: context.stderr, signal },
  );
  for (const warning of run.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  return {
    findings: run.findings,
    end: { exitCode: run.workloadExit, exerciseExit: run.exerciseExit },
    stats: run.stats,
    filter: `every call after the runtime loads its filter (${options.engine}, ${run.runtime})`,
    partialReason: run.partial ? 'the recording ended early' : undefined,
  };
}

async function writeUpdate(parsed: ParsedProfile, findings: CheckFindings, options: CheckOptions, context: CommandContext): Promise<string | undefined> {
  if (findings.fits) return undefined;
  const merged = updatedProfile(parsed.profile, findings, options.profile);
  for (const warning of merged.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  const format = updateFormat(options.profile, parsed.format, options.format);
  await emitProfile(
    merged.profile,
    { output: options.profile, format, name: parsed.metadata?.name ?? nameFromFile(options.profile), namespace: parsed.metadata?.namespace },
    context,
  );
  const added = [...findings.newSyscalls.map((s) => s.name), ...findings.newArchitectures];
  return `updated ${options.profile}: +${added.join(' +')}`;
}

async function checkCommand(command: string[], options: CheckOptions, context: CommandContext): Promise<number> {
  if (options.format) options.format = parseFormat(options.format);
  if (options.format && !options.update) throw new InputError('--format chooses how --update writes the profile; it needs --update');
  if (!options.engine) assertNoContainerOnlyOptions(options);
  const parsed = await readProfileFile(path.resolve(context.cwd, options.profile), options.profile);
  for (const warning of parsed.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  if (options.update) updateFormat(options.profile, parsed.format, options.format);

  const signals = abortOnSignals();
  try {
    const run = options.engine
      ? await runInContainer(command, parsed.profile, options, context, signals.signal)
      : await runOnHost(command, parsed.profile, options, context, signals.signal);
    const partialReason = run.partialReason ?? (signals.received() ? `seccomp-learner received ${signals.received()}` : undefined);
    const updated = options.update ? await writeUpdate(parsed, run.findings, options, context) : undefined;
    context.stderr.write(checkSummary(options.profile, run.findings, run.end, { partialReason, updated }));
    if (options.report) {
      const report = checkReport({ profile: options.profile, command, findings: run.findings, end: run.end, filter: run.filter, stats: run.stats, updated: updated && options.profile, partialReason });
      await emitJson(options.report, report, context);
    }
    // --update does not turn findings into success: the file changed, and CI should see it.
    return !run.findings.fits || workloadFailed(run.end) ? ExitCode.findings : ExitCode.ok;
  } finally {
    signals.dispose();
  }
}

export const registerCheck: RegisterCommand = (program: Command, context: CommandContext) => {
  const checkCommandLine = program
    .command('check')
    .description('CI gate: re-run a workload and list the syscalls it now needs that the profile does not allow (exit 1 when there are any)')
    .usage('--profile <file> [--update] [--report <file>] -- <command> [args...]   |   --engine docker|podman [options] -- <run args...> <image> [cmd...]')
    .argument('<command...>', 'the command to re-run (host), or the engine run arguments (--engine)')
    .requiredOption('--profile <file>', 'the profile to check against (Docker/OCI JSON, Kubernetes SeccompProfile, systemd)')
    .option('--update', 'add what the workload newly needs to the profile file, written atomically in place (the exit status still reports the findings)')
    .option('--report <file>', 'write a JSON report: new syscalls with counts and first command, workload status')
    .addOption(new Option('--format <format>', 'format --update writes (default: the one the profile was read in)').choices([...PROFILE_FORMATS]))
    .option('--trace-out <file>', 'keep the raw strace log (on the host it holds only the calls outside the profile)');
  addContainerOptions(checkCommandLine, { engine: 'check a container under this engine', exercise: 'it decides success' })
    .passThroughOptions()
    .action(action(context, (command: string[], options: CheckOptions) => checkCommand(command, options, context)));
};
