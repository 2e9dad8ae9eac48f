// The detached strace the hook started belongs to no process of ours: find it by pid, and make sure
// it is still strace before signalling it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TracerError } from '../errors.js';
import { findExecutable } from '../io/which.js';

async function isLiveStrace(pid: number): Promise<boolean> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    return /^Name:\s+strace$/m.test(status) && !/^State:\s+[ZX]/m.test(status);
  } catch {
    return false;
  }
}

/** SIGTERM (strace detaches and flushes), then SIGKILL. True when strace was still running. */
export async function stopStrace(pid: number, graceMs = 2000): Promise<boolean> {
  if (!(await isLiveStrace(pid))) return false;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    await sleep(50);
    if (!(await isLiveStrace(pid))) return true;
  }
  if (await isLiveStrace(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

/** strace's absolute path: the hook runs with a fixed PATH and must not guess. */
export function findStrace(): string {
  const strace = findExecutable('strace');
  if (strace === undefined || !path.isAbsolute(strace)) throw new TracerError('strace is not installed', { hint: 'apt-get install -y strace' });
  return strace;
}
