// Docker: `docker create` with the seccomp-learner runtime, a request file keyed by the container id
// (Docker 20.10 has no --annotation), then `docker start --attach`. The shim adds the hook on create.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TracerError } from '../errors.js';
import { forwardOutput, lastLines } from './client-output.js';
import { CLIENT_OPTIONS, type ContainerEngine, type LaunchRequest, type LaunchedContainer } from './engine.js';
import { DOCKER_RUNTIME_NAME, DOCKER_SHIM, STATE_DIR } from './locations.js';
import type { Runner } from './runner.js';

const CONTAINER_ID = /^[0-9a-f]{64}$/;

export function dockerEngine(run: Runner): ContainerEngine {
  return {
    name: 'docker',

    async check() {
      const info = await run('docker', ['info', '--format', '{{json .Runtimes}}'], { reject: false, stdin: 'ignore' });
      if (info.exitCode !== 0) {
        throw new TracerError(`docker is not usable: ${lastLines(`${info.stderr || info.message}`)}`, {
          hint: 'install docker.io and start dockerd (scripts/ci-engines.sh does both)',
        });
      }
      const runtimes = JSON.parse(`${info.stdout}` || '{}') as Record<string, { path?: string } | undefined>;
      const registered = Object.hasOwn(runtimes, DOCKER_RUNTIME_NAME) ? runtimes[DOCKER_RUNTIME_NAME] : undefined;
      if (registered?.path !== DOCKER_SHIM) {
        throw new TracerError(
          registered ? `the Docker runtime "${DOCKER_RUNTIME_NAME}" points to ${registered.path}, not this installation's ${DOCKER_SHIM}` : `the Docker daemon has no "${DOCKER_RUNTIME_NAME}" runtime`,
          { hint: 'run `seccomp-learner setup docker` as root: it registers the tracing shim and reloads dockerd' },
        );
      }
    },

    // The shim always execs runc.
    async runtime() {
      return 'runc';
    },

    async launch({ session, runArgs, securityOpt, output }: LaunchRequest): Promise<LaunchedContainer> {
      const created = await run('docker', ['create', '--runtime', DOCKER_RUNTIME_NAME, '--security-opt', securityOpt, ...runArgs], { reject: false, stdin: 'ignore' });
      const id = `${created.stdout}`.trim().split('\n').at(-1) ?? '';
      if (created.exitCode !== 0 || !CONTAINER_ID.test(id)) {
        throw new TracerError(`docker create failed: ${lastLines(`${created.stderr || created.message}`)}`, {
          hint: /unknown shorthand flag: 'd'|--detach/.test(`${created.stderr}`) ? 'record runs the container in the foreground itself: drop -d' : undefined,
        });
      }
      const request = path.join(STATE_DIR, 'containers', id);
      await fs.writeFile(request, `${session.id}\n`, { mode: 0o600 });
      const client = run('docker', ['start', '--attach', id], CLIENT_OPTIONS);
      const tail = forwardOutput(client.stdout, client.stderr, output);
      return {
        client,
        tail,
        containerId: async () => id,
        release: () => fs.rm(request, { force: true }),
      };
    },

    async stop(id, graceSeconds) {
      await run('docker', ['stop', '--time', String(graceSeconds), id], { reject: false, stdin: 'ignore' });
    },

    async waitIfRunning(id) {
      const state = await run('docker', ['inspect', '--format', '{{.State.Running}}', id], { reject: false, stdin: 'ignore' });
      if (`${state.stdout}`.trim() !== 'true') return undefined;
      const waited = await run('docker', ['wait', id], { reject: false, stdin: 'ignore' });
      return waited.exitCode === 0 ? Number(`${waited.stdout}`.trim()) : undefined;
    },

    async remove(id) {
      await run('docker', ['rm', '--force', id], { reject: false, stdin: 'ignore' });
    },
  };
}
