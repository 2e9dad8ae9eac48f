// Ending a host workload the learner started: every process strace traces (a daemon the workload
// left behind too) gets SIGTERM, then SIGKILL after a grace period; processes that outlived their
// strace are found through the pids the trace named.
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcessTable, signalProcess, startedAt, tracedBy, treeOf, type ProcessInfo } from './process-table.js';

export const STOP_GRACE_MS = 5000;
const POLL_MS = 100;

/** Stops whatever `stracePid` traces until it ends; a second stop() skips the grace period. */
export class WorkloadStopper {
  #requests = 0;
  #running: Promise<void> | undefined;
  #ended = false;

  constructor(
    private readonly stracePid: number,
    ended: Promise<unknown>,
    private readonly graceMs = STOP_GRACE_MS,
  ) {
    void ended.finally(() => (this.#ended = true));
  }

  get requested(): boolean {
    return this.#requests > 0;
  }

  stop(): void {
    this.#requests++;
    this.#running ??= this.#run();
  }

  /** Resolves once the stop loop has seen strace end. */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #run(): Promise<void> {
    const started = Date.now();
    const terminated = new Set<number>();
    while (!this.#ended) {
      const kill = this.#requests > 1 || Date.now() - started >= this.graceMs;
      for (const { pid } of tracedBy(await readProcessTable(), this.stracePid)) {
        if (kill) signalProcess(pid, 'SIGKILL');
        else if (!terminated.has(pid)) {
          terminated.add(pid);
          signalProcess(pid, 'SIGTERM');
        }
      }
      await sleep(POLL_MS);
    }
  }
}

/**
 * After strace died early its tracees run on untraced: stop the ones the trace named (and their
 * children). A pid counts only if its process started before `cutoff` (seconds since boot), so a pid
 * reused after strace ended is never signalled. Returns what it stopped.
 */
export async function stopUntraced(pids: readonly number[], cutoff: number, graceMs = 2000): Promise<ProcessInfo[]> {
  const roots: number[] = [];
  for (const pid of pids) {
    const started = await startedAt(pid);
    if (started !== undefined && started <= cutoff) roots.push(pid);
  }
  if (roots.length === 0) return [];
  const stopped = new Map<number, ProcessInfo>();
  const deadline = Date.now() + graceMs;
  for (;;) {
    // Children found earlier stay targets once their parent is gone and they are re-parented.
    const tree = treeOf(await readProcessTable(), [...roots, ...stopped.keys()]);
    if (tree.length === 0) break;
    const kill = Date.now() >= deadline;
    for (const info of tree) {
      if (!kill && stopped.has(info.pid)) continue;
      stopped.set(info.pid, info);
      signalProcess(info.pid, kill ? 'SIGKILL' : 'SIGTERM');
    }
    await sleep(POLL_MS);
  }
  return [...stopped.values()];
}
