import { Command, CommanderError } from 'commander';
import { LearnerError, ExitCode } from './errors.js';
import type { CommandContext, RegisterCommand } from './commands/context.js';

// Each verb module adds its subcommand; keep this list sorted by verb. A verb's module is loaded
// only when that verb runs (or for the full help), so `diff` does not pay for the process runner
// and `check` does not pay for the YAML parser: startup time is part of every CI gate.
const verbs: Record<string, () => Promise<RegisterCommand>> = {
  check: async () => (await import('./commands/check.js')).registerCheck,
  convert: async () => (await import('./commands/convert.js')).registerConvert,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  history: async () => (await import('./commands/history.js')).registerHistory,
  learn: async () => (await import('./commands/learn.js')).registerLearn,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  record: async () => (await import('./commands/record.js')).registerRecord,
  setup: async () => (await import('./commands/setup.js')).registerSetup,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
};

/** The verbs to register for these arguments: the one named first, or all of them (help, typos). */
async function verbsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const names = first !== undefined && Object.hasOwn(verbs, first) && first !== 'help' ? [first] : Object.keys(verbs);
  return Promise.all(names.map((name) => (verbs[name] as () => Promise<RegisterCommand>)()));
}

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
  for (const register of await verbsFor(argv)) register(program, context);
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

