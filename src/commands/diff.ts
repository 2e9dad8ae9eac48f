import path from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode } from '../errors.js';
import { diffProfiles } from '../profile/diff.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../profile/diff/render.js';
import { readProfileFile } from '../profile/read-file.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';

type FailOn = 'any' | 'added' | 'none';

interface DiffOptions {
  format: DiffFormat;
  failOn: FailOn;
}

export async function diffCommand(oldFile: string, newFile: string, options: DiffOptions, context: CommandContext): Promise<number> {
  const [before, after] = [await readProfileFile(path.resolve(context.cwd, oldFile), oldFile), await readProfileFile(path.resolve(context.cwd, newFile), newFile)];
  for (const warning of [...before.warnings, ...after.warnings]) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  const diff = diffProfiles(before.profile, after.profile, { old: oldFile, new: newFile });
  context.stdout.write(renderDiff(diff, options.format));
  // Like diff(1): 1 means "differences found", so a CI step can gate on it.
  const failing = options.failOn === 'any' ? diff.summary.hasChanges : options.failOn === 'added' ? diff.summary.widens : false;
  return failing ? ExitCode.findings : ExitCode.ok;
}

export const registerDiff: RegisterCommand = (program: Command, context: CommandContext) => {
  program
    .command('diff')
    .description('compare two profiles by meaning: syscalls added, removed or changed, arches, default action (exit 1 when they differ)')
    .argument('<old>', 'the earlier profile')
    .argument('<new>', 'the later profile')
    .addOption(new Option('--format <format>', 'output format').choices([...DIFF_FORMATS]).default('text'))
    .addOption(
      new Option('--fail-on <what>', 'exit 1 on any change, only when the new profile allows more (added), or never').choices(['any', 'added', 'none']).default('any'),
    )
    .action(action(context, (oldFile: string, newFile: string, options: DiffOptions) => diffCommand(oldFile, newFile, options, context)));
};
