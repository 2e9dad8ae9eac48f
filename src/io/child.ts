// Starting a child without execa: `record` and `check` start strace at once, and importing execa
// alone took 100-200 ms of every run that a short workload then carried.
import { spawn } from 'node:child_process';

export interface ChildEnd {
  /** Undefined when a signal ended it, or when it never started. */
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  /** Why it never started (ENOENT: not installed). */
  error: NodeJS.ErrnoException | undefined;
  /** What it wrote on stderr, when that was captured. */
  stderr: string;
}

export interface Child {
  pid: number | undefined;
  ended: Promise<ChildEnd>;
}

/** `inherit`: the child shares the terminal. `quiet`: no stdin or stdout, stderr captured. */
export function startChild(file: string, args: readonly string[], stdio: 'inherit' | 'quiet'): Child {
  const child = spawn(file, args, { stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ended = new Promise<ChildEnd>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ exitCode: undefined, signal: undefined, error, stderr }));
    child.once('close', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined, error: undefined, stderr }));
  });
  return { pid: child.pid, ended };
}
