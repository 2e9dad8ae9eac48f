// Podman: `podman --hooks-dir <session hooks> run --annotation <session>`; the hook JSON in that dir
// fires only for containers carrying this session's annotation.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TracerError } from '../errors.js';
import { forwardOutput, lastLines } from './client-output.js';
import { CLIENT_OPTIONS, type ContainerEngine, type LaunchRequest, type LaunchedContainer } from './engine.js';
import { podmanHookConfig } from './hook-config.js';
import { SESSION_ANNOTATION } from './locations.js';
import { runtimeFromArgs, runtimeFromName } from './run-args.js';
import type { Runner } from './runner.js';

const CONTAINER_ID = /^[0-9a-f]{64}$/;

export function podmanEngine(run: Runner): ContainerEngine {
  return {
    name: 'podman',

    async check() {
      const version = await run('podman', ['--version'], { reject: false, stdin: 'ignore' });
      if (version.exitCode !== 0) {
        throw new TracerError(`podman is not usable: ${lastLines(`${version.stderr || version.message}`)}`, { hint: 'apt-get install -y podman runc' });
      }
    },

    async runtime(runArgs) {
      const chosen = runtimeFromArgs(runArgs);
      if (chosen) return chosen;
      const info = await run('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { reject: false, stdin: 'ignore' });
      return runtimeFromName(`${info.stdout}`);
    },

    async launch({ session, runArgs, securityOpt, output }: LaunchRequest): Promise<LaunchedContainer> {
      await fs.writeFile(path.join(session.hooksDir, 'seccomp-learner.json'), podmanHookConfig(session.id, process.execPath), { mode: 0o600 });
      const cidfile = path.join(session.dir, 'container.id');
      const args = ['--hooks-dir', session.hooksDir, 'run', '--annotation', `${SESSION_ANNOTATION}=${session.id}`, '--security-opt', securityOpt, '--cidfile', cidfile, ...runArgs];
      const client = run('podman', args, CLIENT_OPTIONS);
      const tail = forwardOutput(client.stdout, client.stderr, output);
      return {
        client,
        tail,
        async containerId() {
          const id = (await fs.readFile(cidfile, 'utf8').catch(() => '')).trim();
          return CONTAINER_ID.test(id) ? id : undefined;
        },
        release: async () => undefined,
      };
    },

    async stop(id, graceSeconds) {
      await run('podman', ['stop', '--ignore', '--time', String(graceSeconds), id], { reject: false, stdin: 'ignore' });
    },

    // `podman run -d` returns at once; the recording must still follow the container to its end.
    async waitIfRunning(id) {
      const state = await run('podman', ['inspect', '--format', '{{.State.Running}}', id], { reject: false, stdin: 'ignore' });
      if (`${state.stdout}`.trim() !== 'true') return undefined;
      const waited = await run('podman', ['wait', id], { reject: false, stdin: 'ignore' });
      return waited.exitCode === 0 ? Number(`${waited.stdout}`.trim()) : undefined;
    },

    async remove(id) {
      await run('podman', ['rm', '--force', '--ignore', id], { reject: false, stdin: 'ignore' });
    },
  };
}
