// A host process that passes for a container's init with tracer/oci-hook.mjs: it runs in a mount
// namespace of its own (unshare, as root), as every runc or crun container does.
import { readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';

function mountNamespace(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined;
  }
}

export type StandIn = ResultPromise<{ stdin: 'pipe'; reject: false }>;

/**
 * Runs `sh -c script` in its own mount namespace; resolves once the namespace is in place. The
 * process comes wrapped: awaiting it directly would wait for it to end.
 */
export async function startStandIn(script: string): Promise<{ process: StandIn }> {
  const child = execa('unshare', ['--mount', '--', 'sh', '-c', script], { stdin: 'pipe', reject: false });
  const pid = child.pid;
  if (pid === undefined) throw new Error('unshare did not start');
  const host = readlinkSync('/proc/self/ns/mnt');
  for (let waited = 0; waited < 5000; waited += 5) {
    const namespace = mountNamespace(pid);
    if (namespace !== undefined && namespace !== host) return { process: child };
    await sleep(5);
  }
  child.kill('SIGKILL');
  throw new Error(`process ${pid} did not enter a mount namespace of its own`);
}

/** A stand-in that only waits: for tests where the hook must refuse before attaching anything. */
export function idleStandIn(): Promise<{ process: StandIn }> {
  return startStandIn('read never');
}

/** Runs `work` with the pid of an idle stand-in, which is killed and reaped afterwards. */
export async function withStandIn(work: (pid: number) => Promise<void>): Promise<void> {
  const { process: standIn } = await idleStandIn();
  try {
    await work(standIn.pid!);
  } finally {
    standIn.kill('SIGKILL');
    await standIn;
  }
}
