import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { registerRuntime, type RuntimeEntry } from '../engine/daemon-config.js';
import { DOCKER_PID_FILE, reloadDockerd, runningDockerd } from '../engine/docker-daemon.js';
import { DOCKER_RUNTIME_NAME, DOCKER_SHIM } from '../engine/locations.js';
import { defaultRunner } from '../engine/runner.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';

interface SetupOptions {
  daemonJson: string;
  reload: boolean;
  pidFile: string;
}

// dockerd runs the shim as root: anyone who can rewrite it could run code as root.
async function shimWarnings(shim: string): Promise<string[]> {
  const stat = await fs.stat(shim).catch(() => undefined);
  if (!stat) return [`${shim} does not exist; dockerd will fail to create containers with this runtime`];
  const warnings: string[] = [];
  if ((stat.mode & 0o111) === 0) warnings.push(`${shim} is not executable (chmod 755 it)`);
  if ((stat.mode & 0o022) !== 0 || stat.uid !== 0) warnings.push(`${shim} should be owned by root and writable only by it: dockerd runs it as root`);
  return warnings;
}

async function setupDocker(options: SetupOptions, context: CommandContext): Promise<number> {
  const file = path.resolve(context.cwd, options.daemonJson);
  const entry: RuntimeEntry = { path: DOCKER_SHIM, runtimeArgs: [`--node=${process.execPath}`] };
  const before = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InputError(`cannot read ${file}: ${error.message}`, { cause: error });
  });
  const registration = registerRuntime(before, DOCKER_RUNTIME_NAME, entry, file);
  for (const warning of await shimWarnings(DOCKER_SHIM)) context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  const shown = `"${DOCKER_RUNTIME_NAME}": ${JSON.stringify(entry)}`;
  if (!registration.changed) {
    context.stdout.write(`${file} already registers runtime ${shown}; nothing changed\n`);
    return 0;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, registration.text);
  const verb = before === undefined ? 'created' : registration.previous === undefined ? 'updated' : 'replaced';
  context.stdout.write(`${verb} ${file}: runtimes ${shown}\n`);
  if (registration.previous !== undefined) context.stdout.write(`  (was ${JSON.stringify(registration.previous)})\n`);
  if (!options.reload) return 0;
  const pid = await runningDockerd(options.pidFile);
  if (pid === undefined) {
    context.stdout.write(`dockerd is not running (no live pid in ${options.pidFile}); it reads the runtime when it starts\n`);
    return 0;
  }
  await reloadDockerd(pid, DOCKER_RUNTIME_NAME, DOCKER_SHIM, defaultRunner);
  context.stdout.write(`reloaded dockerd (pid ${pid}, SIGHUP); \`docker info\` lists runtime ${DOCKER_RUNTIME_NAME}\n`);
  return 0;
}

export const registerSetup: RegisterCommand = (program: Command, context: CommandContext) => {
  const setup = program.command('setup').description('prepare a container engine for record/verify --engine');
  setup
    .command('docker')
    .description(`register the tracing runtime "${DOCKER_RUNTIME_NAME}" in dockerd's daemon.json and reload dockerd (idempotent)`)
    .option('--daemon-json <file>', 'the daemon.json dockerd reads', '/etc/docker/daemon.json')
    .option('--no-reload', 'only edit the file; do not signal dockerd')
    .option('--pid-file <file>', "dockerd's pid file, to find the daemon to reload", DOCKER_PID_FILE)
    .action(action(context, (options: SetupOptions) => setupDocker(options, context)));
};
