// Tells a running dockerd to re-read daemon.json (SIGHUP), then waits until it lists the runtime.
import { promises as fs } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TracerError } from '../errors.js';
import type { Runner } from './runner.js';

export const DOCKER_PID_FILE = '/var/run/docker.pid';
const RELOAD_WAIT_MS = 10_000;

/** The pid of the dockerd named by the pid file, or undefined when none is running. */
export async function runningDockerd(pidFile = DOCKER_PID_FILE): Promise<number | undefined> {
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return /^Name:\s+dockerd$/m.test(status) && !/^State:\s+Z/m.test(status) ? pid : undefined;
}

/** Done when `docker info` lists the runtime with the expected binary. */
export async function reloadDockerd(pid: number, runtimeName: string, runtimePath: string, run: Runner): Promise<void> {
  process.kill(pid, 'SIGHUP');
  const deadline = Date.now() + RELOAD_WAIT_MS;
  while (Date.now() < deadline) {
    const info = await run('docker', ['info', '--format', '{{json .Runtimes}}'], { reject: false, stdin: 'ignore' });
    const runtimes = info.exitCode === 0 ? (JSON.parse(`${info.stdout}` || '{}') as Record<string, { path?: string } | undefined>) : {};
    if (Object.hasOwn(runtimes, runtimeName) && runtimes[runtimeName]?.path === runtimePath) return;
    await sleep(200);
  }
  throw new TracerError(`dockerd (pid ${pid}) did not list the "${runtimeName}" runtime after a reload`, {
    hint: 'its log says why (a daemon.json key also given as a dockerd flag is a common cause); restarting dockerd also works',
  });
}
