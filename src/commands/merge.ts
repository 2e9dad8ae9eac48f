import path from 'node:path';
import { Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { errnoNumber } from '../profile/errno.js';
import { mergeProfiles } from '../profile/merge.js';
import { SECCOMP_ACTIONS, type ActionWithErrno, type SeccompAction } from '../profile/model.js';
import { readProfileFile } from '../profile/read-file.js';
import { PROFILE_FORMATS, type ProfileFormat } from '../profile/write/index.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { emitJson, emitProfile } from './output.js';

interface MergeOptions {
  output?: string;
  format: ProfileFormat;
  defaultAction?: string;
  report?: string;
  name?: string;
  namespace?: string;
}

/** `SCMP_ACT_ERRNO`, `SCMP_ACT_ERRNO:38` or `SCMP_ACT_ERRNO:ENOSYS`. */
export function parseDefaultAction(text: string): ActionWithErrno {
  const [name = '', errnoText] = text.split(':', 2);
  if (!(SECCOMP_ACTIONS as readonly string[]).includes(name) || name === 'SCMP_ACT_NOTIFY') {
    throw new InputError(`--default-action "${text}" is not a default action; expected one of ${SECCOMP_ACTIONS.filter((a) => a !== 'SCMP_ACT_NOTIFY').join(', ')}, optionally with :ERRNO`);
  }
  const chosen: ActionWithErrno = { action: name as SeccompAction };
  if (errnoText === undefined) return chosen;
  const errno = /^\d+$/.test(errnoText) ? Number(errnoText) : errnoNumber(errnoText);
  if (errno === undefined || errno > 4095 || (name !== 'SCMP_ACT_ERRNO' && name !== 'SCMP_ACT_TRACE')) {
    throw new InputError(`--default-action "${text}": the errno must be a name or a number up to 4095, after SCMP_ACT_ERRNO or SCMP_ACT_TRACE`);
  }
  chosen.errnoRet = errno;
  return chosen;
}

export async function mergeCommand(files: string[], options: MergeOptions, context: CommandContext): Promise<number> {
  const parsed = [];
  for (const file of files) {
    const result = await readProfileFile(path.resolve(context.cwd, file), file);
    for (const warning of result.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
    parsed.push({ source: file, format: result.format, profile: result.profile });
  }
  const merged = mergeProfiles(parsed, options.defaultAction ? { defaultAction: parseDefaultAction(options.defaultAction) } : {});
  for (const warning of merged.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  await emitProfile(merged.profile, options, context);
  if (options.report) {
    const formats = new Map(parsed.map((p) => [p.source, p.format]));
    await emitJson(
      options.report,
      {
        inputs: merged.contributions.map((c) => ({ source: c.source, format: formats.get(c.source), syscalls: c.syscalls, only: c.only })),
        conflicts: merged.conflicts,
        warnings: merged.warnings,
      },
      context,
    );
  }
  return 0;
}

export const registerMerge: RegisterCommand = (program: Command, context: CommandContext) => {
  program
    .command('merge')
    .description('combine profiles from several runs, replicas or test suites: whatever any of them allows, the result allows')
    .argument('<profiles...>', 'profile files (Docker/OCI JSON, SeccompProfile YAML, systemd drop-in)')
    .option('-o, --output <file>', 'where to write the merged profile (default: stdout)')
    .addOption(new Option('--format <format>', 'profile format').choices([...PROFILE_FORMATS]).default('docker'))
    .option('--default-action <action>', 'default action when the inputs disagree, e.g. SCMP_ACT_ERRNO or SCMP_ACT_ERRNO:EPERM')
    .option('--report <file>', 'write a JSON report: which input contributed which syscalls, and the conflicts')
    .option('--name <name>', 'metadata.name for --format kubernetes')
    .option('--namespace <ns>', 'namespace for --format kubernetes')
    .action(action(context, (files: string[], options: MergeOptions) => mergeCommand(files, options, context)));
};
