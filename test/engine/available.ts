// What the container tests need from this machine, checked once: a reachable engine, the tracing
// runtime registered with dockerd, and the offline test images (scripts/ci-engines.sh makes them).
import { execaSync } from 'execa';
import { DOCKER_RUNTIME_NAME, DOCKER_SHIM } from '../../src/engine/locations.js';
import { fixturePath } from '../helpers.js';

export type Engine = 'docker' | 'podman';
export const ENGINES: readonly Engine[] = ['docker', 'podman'];

const IMAGES = {
  busybox: 'seccomp-learner-test/busybox:1',
  debianHttp: 'seccomp-learner-test/debian-http:1',
} as const;

export function image(engine: Engine, name: keyof typeof IMAGES): string {
  return engine === 'podman' ? `localhost/${IMAGES[name]}` : IMAGES[name];
}

/** Run options this machine needs for Podman (no CAP_SYS_RESOURCE, so rlimits must fit the current ones). */
export function machineArgs(engine: Engine): string[] {
  return engine === 'podman' ? ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096'] : [];
}

function succeeds(file: string, args: string[]): string | undefined {
  try {
    return execaSync(file, args, { stdin: 'ignore' }).stdout;
  } catch {
    return undefined;
  }
}

function check(engine: Engine): string | undefined {
  if (process.getuid?.() !== 0) return 'root';
  if (succeeds('strace', ['-V']) === undefined) return 'strace';
  if (engine === 'docker') {
    const runtimes = succeeds('docker', ['info', '--format', '{{json .Runtimes}}']);
    if (runtimes === undefined) return 'a running dockerd (bash scripts/ci-engines.sh)';
    if (!runtimes.includes(`"${DOCKER_RUNTIME_NAME}":{"path":"${DOCKER_SHIM}"`)) return `the ${DOCKER_RUNTIME_NAME} runtime in dockerd (seccomp-learner setup docker)`;
  } else if (succeeds('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}']) === undefined) {
    return 'podman';
  }
  for (const name of Object.keys(IMAGES) as (keyof typeof IMAGES)[]) {
    if (succeeds(engine, ['image', 'inspect', image(engine, name)]) === undefined) return `the ${engine} image ${image(engine, name)} (bash scripts/ci-engines.sh)`;
  }
  return undefined;
}

const missing = new Map<Engine, string | undefined>();

/** Undefined when the engine is ready for the tests, else what is missing. */
export function missingFor(engine: Engine): string | undefined {
  if (!missing.has(engine)) missing.set(engine, check(engine));
  return missing.get(engine);
}

export const BUSYBOX_WORKLOAD = fixturePath('containers', 'busybox-workload.sh');
