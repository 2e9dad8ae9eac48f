// Waits until a long-running container can take the exercise: a TCP port accepts connections, a
// host command succeeds, or a fixed delay passes.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runner } from './runner.js';

export interface Readiness {
  port?: number;
  command?: string;
  delayMs?: number;
}

const POLL_MS = 200;
export const READY_TIMEOUT_MS = 120_000;

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/**
 * Resolves 'ready', or 'gone' when `signal` aborts first (the container ended or the user
 * stopped the recording), or 'timeout' after READY_TIMEOUT_MS.
 */
export async function waitUntilReady(ready: Readiness, run: Runner, signal: AbortSignal, timeoutMs = READY_TIMEOUT_MS): Promise<'ready' | 'gone' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  try {
    if (ready.delayMs !== undefined) await sleep(ready.delayMs, undefined, { signal });
    while (ready.port !== undefined || ready.command !== undefined) {
      if (signal.aborted) return 'gone';
      const portOk = ready.port === undefined || (await portAccepts(ready.port));
      const commandOk = ready.command === undefined || (portOk && (await run('sh', ['-c', ready.command], { reject: false, stdin: 'ignore', cancelSignal: signal })).exitCode === 0);
      if (portOk && commandOk) break;
      if (Date.now() > deadline) return 'timeout';
      await sleep(POLL_MS, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) return 'gone';
    throw error;
  }
  return signal.aborted ? 'gone' : 'ready';
}
