// What fault tests look for in /proc: the processes a test started (found by a token in their
// command line) and the strace a CLI run spawned.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  name: string;
  argv: string[];
}

function read(pid: number): ProcessEntry | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    if (/^State:\s+[ZX]/m.test(status)) return undefined;
    return {
      pid,
      ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0),
      name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '',
      argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== ''),
    };
  } catch {
    return undefined;
  }
}

export function liveProcesses(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => read(Number(entry)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
}

/** Live processes with `token` in one of their arguments. */
export function processesWith(token: string): ProcessEntry[] {
  return liveProcesses().filter((entry) => entry.pid !== process.pid && entry.argv.some((arg) => arg.includes(token)));
}

/** A unique number to put on a test workload's command line (`sleep 3517`), so it can be found later. */
export function uniqueSeconds(): string {
  return String(3000 + Math.floor(Math.random() * 6000));
}

/** Waits until no process carries `token`, for at most `ms`; returns the ones still there. */
export async function awaitGone(token: string, ms = 3000): Promise<ProcessEntry[]> {
  for (let waited = 0; ; waited += 50) {
    const left = processesWith(token);
    if (left.length === 0 || waited >= ms) return left;
    await sleep(50);
  }
}
