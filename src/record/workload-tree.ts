// What the trace says about the workload's processes: which one is the main process, how it ended,
// and which pids have not printed their end yet.
import type { ExitEvent } from '../strace/events.js';
import type { StitchedEvent } from '../strace/stream.js';

export type MainExit = Pick<ExitEvent, 'how' | 'code' | 'signal'>;

export class WorkloadTree {
  /** The process strace started: the first pid in a `strace -f -o` trace. */
  rootPid: number | undefined;
  /** How the main process ended, once its `+++ exited/killed +++` line arrived. */
  rootExit: MainExit | undefined;
  readonly #live = new Set<number>();
  readonly #onRootExit: () => void;

  constructor(onRootExit: () => void = () => undefined) {
    this.#onRootExit = onRootExit;
  }

  readonly observe = (event: StitchedEvent): void => {
    const pid = event.pid;
    if (pid === undefined) return;
    if (this.rootPid === undefined) this.rootPid = pid;
    if (event.kind !== 'exit') {
      this.#live.add(pid);
      return;
    }
    if (event.how === 'superseded') {
      // The exec'ing thread took over this pid; its own id is gone.
      if (event.byPid !== undefined) this.#live.delete(event.byPid);
      return;
    }
    this.#live.delete(pid);
    if (pid === this.rootPid && this.rootExit === undefined) {
      this.rootExit = { how: event.how, code: event.code, signal: event.signal };
      this.#onRootExit();
    }
  };

  /** Pids that appeared in the trace and have not printed their end. */
  get live(): number[] {
    return [...this.#live];
  }
}
