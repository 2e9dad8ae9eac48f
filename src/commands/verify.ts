import path from 'node:path';
import type { Command } from 'commander';
import { readProfileFile } from '../profile/read-file.js';
import { verifyHost, type HostVerifyResult } from '../verify/host.js';
import type { Denial } from '../verify/denials.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ExitCode } from '../errors.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { abortOnSignals } from './output.js';
import { addContainerOptions, assertNoContainerOnlyOptions, type ContainerOptions } from './container-options.js';

interface VerifyOptions extends ContainerOptions {
  profile: string;
  report?: string;
}

function describeWorkload(run: HostVerifyResult): string {
  return run.killedBy ? `was killed by ${run.killedBy}` : `exited with ${run.exitCode}`;
}

export function denialTable(denials: readonly Denial[]): string {
  const nameWidth = Math.max(...denials.map((d) => d.name.length));
  const countWidth = Math.max(...denials.map((d) => String(d.count).length));
  return denials
    .map((d) => `  ${d.name.padEnd(nameWidth)}  ${String(d.count).padStart(countWidth)}×  ${d.answer.padEnd(7)}  first by ${d.firstCommand} (pid ${d.firstPid})\n`)
    .join('');
}

/** Human summary for stderr: what was denied, then how the workload ended. */
function verifySummary(run: HostVerifyResult): string {
  const lines: string[] = [];
  if (run.denials.length) {
    const calls = run.denials.reduce((sum, d) => sum + d.count, 0);
    lines.push(`seccomp-learner: verify: the profile denied ${run.denials.length} syscall(s), ${calls} call(s):\n`, denialTable(run.denials));
  } else {
    lines.push('seccomp-learner: verify: no denied syscalls\n');
  }
  const failed = run.exitCode !== 0 || run.killedBy !== undefined;
  lines.push(`seccomp-learner: verify: the workload ${describeWorkload(run)}${failed ? ' (failed)' : ''}\n`);
  if (run.interrupted) lines.push(`seccomp-learner: verify: the result is partial: ${run.interrupted}\n`);
  return lines.join('');
}

function report(options: VerifyOptions, command: string[], run: HostVerifyResult): unknown {
  const failed = run.exitCode !== 0 || run.killedBy !== undefined;
  return {
    profile: options.profile,
    command,
    result: run.denials.length ? 'denied' : failed ? 'workload-failed' : 'ok',
    workload: { exitCode: run.exitCode, killedBy: run.killedBy ?? null },
    denials: run.denials.map((d) => ({ name: d.name, count: d.count, answer: d.answer, firstPid: d.firstPid, firstCommand: d.firstCommand })),
    partial: run.interrupted !== undefined,
    partialReason: run.interrupted ?? null,
    parse: run.stats,
  };
}

async function verifyCommand(command: string[], options: VerifyOptions, context: CommandContext): Promise<number> {
  if (options.engine) {
    const { verifyContainerCommand } = await import('./verify-container.js');
    return verifyContainerCommand(command, { ...options, engine: options.engine }, context);
  }
  assertNoContainerOnlyOptions(options);
  const { profile, warnings } = await readProfileFile(path.resolve(context.cwd, options.profile), options.profile);
  for (const warning of warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  const signals = abortOnSignals();
  try {
    const run = await verifyHost({ profile, command, signal: signals.signal });
    context.stderr.write(verifySummary(run));
    if (options.report) await writeFileAtomic(path.resolve(context.cwd, options.report), `${JSON.stringify(report(options, command, run), null, 2)}\n`);
    const failed = run.exitCode !== 0 || run.killedBy !== undefined;
    return run.denials.length || failed ? ExitCode.findings : ExitCode.ok;
  } finally {
    signals.dispose();
  }
}

export const registerVerify: RegisterCommand = (program: Command, context: CommandContext) => {
  const verifyCommandLine = program
    .command('verify')
    .description('run a host command with the profile enforced and list the syscalls it denied')
    .usage('--profile <file> [--report <file>] -- <command> [args...]   |   --engine docker|podman --profile <file> [options] -- <run args...> <image> [cmd...]')
    .argument('<command...>', 'the command to run under the profile (after --), or the engine run arguments (--engine)')
    .requiredOption('--profile <file>', 'the seccomp profile to enforce (Docker/OCI JSON, Kubernetes SeccompProfile, systemd)')
    .option('--report <file>', 'write a JSON report: denied syscalls with counts and first process, workload status');
  addContainerOptions(verifyCommandLine, { engine: "run the container under this engine, the profile enforced by the engine's runtime", exercise: 'it must succeed' })
    .passThroughOptions()
    .action(action(context, (command: string[], options: VerifyOptions) => verifyCommand(command, options, context)));
};
