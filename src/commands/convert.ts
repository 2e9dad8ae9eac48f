import path from 'node:path';
import { Option, type Command } from 'commander';
import { readProfileFile } from '../profile/read-file.js';
import { PROFILE_FORMATS, type ProfileFormat } from '../profile/write/index.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { emitProfile } from './output.js';

interface ConvertOptions {
  to: ProfileFormat;
  output?: string;
  name?: string;
  namespace?: string;
}

/** A Kubernetes-safe default name from the input file: `My_App.json` → `my-app`. */
export function nameFromFile(file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '');
  const cleaned = base.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned || 'seccomp-profile';
}

export async function convertCommand(file: string, options: ConvertOptions, context: CommandContext): Promise<number> {
  const parsed = await readProfileFile(path.resolve(context.cwd, file), file);
  for (const warning of parsed.warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  await emitProfile(
    parsed.profile,
    {
      output: options.output,
      format: options.to,
      name: options.name ?? parsed.metadata?.name ?? nameFromFile(file),
      namespace: options.namespace ?? parsed.metadata?.namespace,
    },
    context,
  );
  return 0;
}

export const registerConvert: RegisterCommand = (program: Command, context: CommandContext) => {
  program
    .command('convert')
    .description('convert a profile between Docker/Podman, OCI, Kubernetes (SeccompProfile) and systemd forms')
    .argument('<profile>', 'profile file in any supported format')
    .addOption(new Option('--to <format>', 'output format').choices([...PROFILE_FORMATS]).makeOptionMandatory())
    .option('-o, --output <file>', 'where to write the result (default: stdout)')
    .option('--name <name>', 'metadata.name for --to kubernetes (default: the input name or file name)')
    .option('--namespace <ns>', 'namespace for --to kubernetes; gives the namespaced v1beta1 form')
    .action(action(context, (file: string, options: ConvertOptions) => convertCommand(file, options, context)));
};
