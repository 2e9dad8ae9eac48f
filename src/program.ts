import { Command, CommanderError } from 'commander';
import { LearnerError, ExitCode } from './errors.js';
import type { CommandContext, RegisterCommand } from './commands/context.js';
import { registerCheck } from './commands/check.js';
import { registerConvert } from './commands/convert.js';
import { registerDiff } from './commands/diff.js';
import { registerHistory } from './commands/history.js';
import { registerLearn } from './commands/learn.js';
import { registerMerge } from './commands/merge.js';
import { registerRecord } from './commands/record.js';
import { registerSetup } from './commands/setup.js';
import { registerVerify } from './commands/verify.js';

// Each verb module adds its subcommand; keep this list sorted by verb.
const verbs: RegisterCommand[] = [
  registerCheck,
  registerConvert,
  registerDiff,
  registerHistory,
  registerLearn,
  registerMerge,
  registerRecord,
  registerSetup,
  registerVerify,
];

// The only place that turns errors into messages and exit codes, and the only one that exits.
export async function main(argv: string[], context: CommandContext): Promise<number> {
  const program = new Command('seccomp-learner')
    .description('Learn a minimal seccomp profile for a workload by tracing what it really does')
    .version('0.1.0')
    // Verbs that run a workload pass everything after their own options through to it.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of verbs) register(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : ExitCode.usage;
    }
    if (error instanceof LearnerError) {
      context.stderr.write(`seccomp-learner: ${error.message}\n`);
      if (error.hint) context.stderr.write(`  hint: ${error.hint}\n`);
      return error.exitCode;
    }
    context.stderr.write(`seccomp-learner: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return ExitCode.tracer;
  }
}

