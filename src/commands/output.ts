import type { Writable } from 'node:stream';
import path from 'node:path';
import type { Profile } from '../profile/model.js';
import type { ProfileFormat } from '../profile/write/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { InputError } from '../errors.js';
import type { CommandContext } from './context.js';

export const PROFILE_FORMATS = ['docker', 'oci', 'kubernetes', 'systemd'] as const;

export function parseFormat(value: string): ProfileFormat {
  if ((PROFILE_FORMATS as readonly string[]).includes(value)) return value as ProfileFormat;
  throw new InputError(`--format "${value}" is not a profile format; expected one of ${PROFILE_FORMATS.join(', ')}`);
}

export interface ProfileOutputOptions {
  output?: string;
  format?: ProfileFormat;
  name?: string;
  namespace?: string;
}

// A Kubernetes object name (DNS-1123 subdomain) from the output file name: `My_App.yaml` → `my-app`.
function kubernetesName(output: string | undefined): string {
  const base = output && output !== '-' ? path.basename(output).replace(/\.[^.]*$/, '') : '';
  const name = base.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 253);
  return name || 'learned-profile';
}

let writers: Promise<typeof import('../profile/write/index.js')> | undefined;

/**
 * Loads the profile writers. A verb that runs a workload calls it once the workload has started,
 * so they load while it runs rather than before it starts or after it ends.
 */
export function preloadProfileWriters(): Promise<typeof import('../profile/write/index.js')> {
  writers ??= import('../profile/write/index.js');
  return writers;
}

/** Renders the profile in the asked format and writes it atomically, or to stdout for `-`/none. */
export async function emitProfile(profile: Profile, options: ProfileOutputOptions, context: CommandContext): Promise<void> {
  const { writeProfile } = await preloadProfileWriters();
  const { text, warnings } = writeProfile(profile, options.format ?? 'docker', {
    name: options.name ?? kubernetesName(options.output),
    namespace: options.namespace,
  });
  for (const warning of warnings) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  if (!options.output || options.output === '-') context.stdout.write(text);
  else await writeFileAtomic(path.resolve(context.cwd, options.output), text);
}

export async function emitJson(file: string, value: unknown, context: CommandContext): Promise<void> {
  await writeFileAtomic(path.resolve(context.cwd, file), JSON.stringify(value, null, 2) + '\n');
}

/** A one-line live status on a terminal; a no-op elsewhere. */
export function liveStatus(stream: Writable, enabled: boolean, render: () => string): { stop(): void } {
  if (!enabled) return { stop() {} };
  const started = Date.now();
  const draw = () => stream.write(`\r\x1b[2K${render()} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

/** Turns SIGINT/SIGTERM into an abort, so a recording can stop its workload and still write what it saw. */
export function abortOnSignals(): { signal: AbortSignal; dispose(): void; received: () => string | undefined } {
  const controller = new AbortController();
  let received: string | undefined;
  const handler = (name: NodeJS.Signals) => {
    received = name;
    if (controller.signal.aborted) controller.signal.dispatchEvent(new Event('abort'));
    else controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
