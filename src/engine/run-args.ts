// The user's `run` arguments pass to the engine untouched; only what would defeat tracing is refused.
import { InputError } from '../errors.js';
import type { EngineName, RuntimeName } from './engine.js';

function optionValue(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === name && args[i + 1] !== undefined) values.push(args[i + 1]!);
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  });
  return values;
}

export function checkRunArgs(engine: EngineName, args: string[]): void {
  if (args.length === 0) throw new InputError(`no ${engine} run arguments after --; expected at least an image, e.g. -- --rm alpine:3 sh -c 'ls'`);
  const seccomp = optionValue(args, '--security-opt').find((v) => /^seccomp[=:]/.test(v));
  if (seccomp !== undefined) {
    throw new InputError(`--security-opt ${seccomp} in the run arguments: the learner chooses the seccomp filter itself`, {
      hint: 'drop it; `verify --profile p.json` runs the container under a profile',
    });
  }
  if (engine === 'docker' && optionValue(args, '--runtime').length > 0) {
    throw new InputError('--runtime in the docker run arguments: recording needs the seccomp-learner runtime', { hint: 'drop --runtime; the shim execs runc' });
  }
}

/** Podman's `--runtime crun|runc|/path/to/crun`, when the user chose one. */
export function runtimeFromArgs(args: string[]): RuntimeName | undefined {
  const chosen = optionValue(args, '--runtime').at(-1);
  if (chosen === undefined) return undefined;
  return runtimeFromName(chosen);
}

export function runtimeFromName(name: string): RuntimeName {
  return /(^|\/)crun$/.test(name.trim()) ? 'crun' : 'runc';
}
