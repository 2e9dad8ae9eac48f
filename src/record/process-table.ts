// A snapshot of /proc: who traces whom and who is whose child, so the learner can find every process
// of a workload (daemons included) without trusting pids it saw earlier.
import { promises as fs } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The pid of the process tracing this one, 0 when none. */
  tracerPid: number;
  /** The kernel's command name (at most 15 characters). */
  name: string;
  zombie: boolean;
}

/** Clock ticks per second in /proc/<pid>/stat and /proc/uptime units: USER_HZ is 100 on every Linux ABI. */
const USER_HZ = 100;

function field(status: string, name: string): string | undefined {
  const start = status.indexOf(`\n${name}:`);
  if (start < 0) return undefined;
  const end = status.indexOf('\n', start + 1);
  return status.slice(start + name.length + 2, end < 0 ? undefined : end).trim();
}

export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  let status: string;
  try {
    status = `\n${await fs.readFile(`/proc/${pid}/status`, 'utf8')}`;
  } catch {
    return undefined;
  }
  return {
    pid,
    ppid: Number(field(status, 'PPid') ?? 0),
    tracerPid: Number(field(status, 'TracerPid') ?? 0),
    name: field(status, 'Name') ?? '',
    zombie: /^[ZX]/.test(field(status, 'State') ?? 'X'),
  };
}

/** Every live process on the machine (zombies left out). */
export async function readProcessTable(): Promise<ProcessInfo[]> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const pids = entries.filter((entry) => /^[0-9]+$/.test(entry)).map(Number);
  const processes = await Promise.all(pids.map(readProcess));
  return processes.filter((info): info is ProcessInfo => info !== undefined && !info.zombie);
}

/** The live processes `tracer` traces right now. */
export function tracedBy(table: readonly ProcessInfo[], tracer: number): ProcessInfo[] {
  return table.filter((info) => info.tracerPid === tracer);
}

/** `roots` that are in the table, and all their descendants. */
export function treeOf(table: readonly ProcessInfo[], roots: Iterable<number>): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  const byPid = new Map<number, ProcessInfo>();
  for (const info of table) {
    byPid.set(info.pid, info);
    const siblings = children.get(info.ppid);
    if (siblings) siblings.push(info);
    else children.set(info.ppid, [info]);
  }
  const found = new Map<number, ProcessInfo>();
  const queue = [...roots].map((pid) => byPid.get(pid)).filter((info): info is ProcessInfo => info !== undefined);
  for (let info = queue.shift(); info !== undefined; info = queue.shift()) {
    if (found.has(info.pid)) continue;
    found.set(info.pid, info);
    queue.push(...(children.get(info.pid) ?? []));
  }
  return [...found.values()];
}

/** Seconds since boot when the process started; undefined when it is gone. */
export async function startedAt(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks / USER_HZ : undefined;
}

/** Seconds since boot, on the same clock as startedAt. */
export async function uptime(): Promise<number> {
  const text = await fs.readFile('/proc/uptime', 'utf8');
  return Number(text.split(' ')[0]);
}

/** Sends a signal, ignoring processes that are already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it ended meanwhile.
  }
}
