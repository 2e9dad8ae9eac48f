// Records a container under Docker or Podman: the engine's runtime runs tracer/oci-hook.mjs at
// prestart, which attaches a host strace to the container's init before the entrypoint; the trace
// streams back through the session FIFO while the container runs.
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { constants as osConstants } from 'node:os';
import { parseStream, type ParseStats, type StitchedEvent } from '../strace/stream.js';
import { TracerError, type LearnerError } from '../errors.js';
import { RECORD_STRACE_FLAGS } from './host.js';
import { teeTraceTo } from './trace-pipe.js';
import { forwardOutput } from '../engine/client-output.js';
import { dockerEngine } from '../engine/docker.js';
import type { ContainerEngine, LaunchedContainer, RuntimeName } from '../engine/engine.js';
import { podmanEngine } from '../engine/podman.js';
import { READY_TIMEOUT_MS, waitUntilReady } from '../engine/readiness.js';
import { checkRunArgs } from '../engine/run-args.js';
import { defaultRunner, type Runner } from '../engine/runner.js';
import { createSession, disposeSession, readAttachment, straceWarnings, writeSessionFile, type Attachment, type Session } from '../engine/session.js';
import { findStrace, stopStrace } from '../engine/strace-process.js';
import { openFifoReader } from '../io/fifo-reader.js';
import { readProcess } from './process-table.js';

export interface ContainerRecordRequest {
  engine: 'docker' | 'podman';
  /** Everything the user put after `--`: run options, image, command. */
  runArgs: string[];
  /** Host shell command run once the container is ready; its exit status decides success. */
  exercise?: string;
  readyPort?: number;
  readyCmd?: string;
  readyDelayMs?: number;
  /** Record for a fixed time, then stop the container. */
  durationMs?: number;
  /** Keep the raw strace log here too. */
  traceOut?: string;
  /** e.g. `seccomp=/path/profile.json` for verify; default: a filter that denies nothing. */
  securityOpt?: string;
  /** Docker-format profile text to run under instead of securityOpt; kept in the session dir. */
  seccompProfile?: string;
}

export interface ContainerRecordResult {
  containerId: string;
  workloadExit: number | undefined;
  exerciseExit: number | undefined;
  stats: ParseStats;
  partial: boolean;
  /** The learner stopped the container (exercise over, --duration reached, Ctrl-C): workloadExit is the stop's status. */
  stopped: boolean;
  runtime: RuntimeName;
  tracerWarnings: string[];
  /** Set when strace ended while the container still ran: the trace stops there, and the container was stopped. */
  tracerFailure: string | undefined;
  /** The raw trace copy (--trace-out) could not be written; the trace itself was still parsed. */
  traceOutError: LearnerError | undefined;
}

export interface ContainerRecordIo {
  stderr: Writable;
  signal?: AbortSignal;
  run?: Runner;
}

/** Denies nothing, so the app behaves as unconfined, yet runc still loads it: the marker is in the trace. */
export const RECORD_FILTER = '{"defaultAction":"SCMP_ACT_ALLOW"}\n';

const STOP_GRACE_S = 5;
const noop = (): void => undefined;
const DRAIN_MS = 10_000;
const ATTACH_POLL_MS = 25;

function engineFor(name: ContainerRecordRequest['engine'], run: Runner): ContainerEngine {
  return name === 'docker' ? dockerEngine(run) : podmanEngine(run);
}

/** The OCI runtime the engine uses for these run arguments: the Learner's fallback base set depends on it. */
export function containerRuntime(engine: ContainerRecordRequest['engine'], runArgs: string[], run: Runner = defaultRunner): Promise<RuntimeName> {
  return engineFor(engine, run).runtime(runArgs);
}

function signalNumber(name: string | undefined): number {
  return name ? (osConstants.signals as Record<string, number>)[name] ?? 0 : 0;
}

// A shell's view of how a process ended: its code, or 128 + the signal that killed it.
function shellStatus(result: { exitCode?: number; signal?: string }): number | undefined {
  if (result.exitCode !== undefined) return result.exitCode;
  return result.signal ? 128 + signalNumber(result.signal) : undefined;
}

// The hook writes attached.json before runc lets the container go on; a client that ends first
// means the container never started.
async function waitForAttachment(session: Session, launched: LaunchedContainer): Promise<Attachment | undefined> {
  let clientEnded = false;
  void launched.client.then(() => (clientEnded = true));
  for (;;) {
    const attachment = await readAttachment(session);
    if (attachment || clientEnded) return attachment ?? readAttachment(session);
    await sleep(ATTACH_POLL_MS);
  }
}

/** Stops the container once (a second request kills it), whoever asks first. */
class ContainerStopper {
  #stopping: Promise<void> | undefined;
  #requests = 0;

  get requested(): boolean {
    return this.#requests > 0;
  }

  constructor(
    private readonly engine: ContainerEngine,
    private readonly id: () => Promise<string | undefined>,
  ) {}

  stop(): Promise<void> {
    this.#requests++;
    if (this.#stopping && this.#requests > 2) return this.#stopping;
    const grace = this.#requests > 1 ? 0 : STOP_GRACE_S;
    const previous = this.#stopping ?? Promise.resolve();
    this.#stopping = previous.then(async () => {
      const id = await this.id();
      if (id) await this.engine.stop(id, grace);
    });
    return this.#stopping;
  }
}

interface DriveContext {
  request: ContainerRecordRequest;
  engine: ContainerEngine;
  containerId: string;
  run: Runner;
  io: ContainerRecordIo;
  /** Aborts when the trace ends (every container process is gone) or the user stops the recording. */
  ended: AbortSignal;
  stopper: ContainerStopper;
  warnings: string[];
}

// --exercise / --duration: wait until ready, run the exercise (or let the time pass), stop the container.
async function driveWorkload(context: DriveContext): Promise<number | undefined> {
  const { request, run, io, ended } = context;
  if (request.exercise === undefined && request.durationMs === undefined) return undefined;
  const readiness = await waitUntilReady({ port: request.readyPort, command: request.readyCmd, delayMs: request.readyDelayMs }, run, ended);
  let exerciseExit: number | undefined;
  if (readiness === 'timeout') {
    context.warnings.push(`the container was not ready after ${READY_TIMEOUT_MS / 1000} s; the exercise did not run`);
  } else if (readiness === 'gone') {
    context.warnings.push('the container ended before it was ready; the exercise did not run');
  } else {
    const limits = [io.signal, request.durationMs === undefined ? undefined : AbortSignal.timeout(request.durationMs)].filter((s): s is AbortSignal => s !== undefined);
    const limit = AbortSignal.any(limits);
    if (request.exercise !== undefined) {
      const child = run('sh', ['-c', request.exercise], {
        reject: false,
        buffer: false,
        stdin: 'ignore',
        cancelSignal: limit,
        env: { SECCOMP_LEARNER_ENGINE: context.engine.name, SECCOMP_LEARNER_CONTAINER_ID: context.containerId },
      });
      forwardOutput(child.stdout, child.stderr, io.stderr);
      exerciseExit = shellStatus(await child);
    } else {
      await sleep(request.durationMs!, undefined, { signal: AbortSignal.any([limit, ended]) }).catch(() => undefined);
    }
  }
  await context.stopper.stop();
  return exerciseExit;
}

// After the workload: strace ends by itself once every traced process is gone; if it lingers,
// stop it and call the recording partial.
async function drainTrace(parsed: Promise<ParseStats>, attachment: Attachment): Promise<boolean> {
  const timer = new AbortController();
  const finished = await Promise.race([
    parsed.then(() => true, () => true),
    sleep(DRAIN_MS, false, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (finished) return true;
  await stopStrace(attachment.stracePid);
  return false;
}

export async function recordContainer(
  request: ContainerRecordRequest,
  onEvent: (event: StitchedEvent) => void,
  io: ContainerRecordIo,
): Promise<ContainerRecordResult> {
  const run = io.run ?? defaultRunner;
  checkRunArgs(request.engine, request.runArgs);
  const engine = engineFor(request.engine, run);
  await engine.check();
  const strace = findStrace();
  const runtime = await engine.runtime(request.runArgs);
  const session = await createSession({ strace, straceFlags: RECORD_STRACE_FLAGS }, run);

  const warnings: string[] = [];
  let launched: LaunchedContainer | undefined;
  let attachment: Attachment | undefined;
  const containerId = async () => attachment?.containerId ?? (await launched?.containerId());
  const stopper = new ContainerStopper(engine, containerId);
  const onAbort = () => void stopper.stop();
  io.signal?.addEventListener('abort', onAbort);

  // Opened before the container starts, so the hook finds a reader.
  const reader = openFifoReader(session.fifo);
  const tee = request.traceOut ? teeTraceTo(reader.stream, request.traceOut) : undefined;
  const parsed = parseStream(reader.stream, onEvent);
  parsed.catch(() => undefined); // awaited below; this only keeps an early error from going unhandled
  const traceEnded = new AbortController();
  let tracerFailure: string | undefined;
  // strace -f -p ends by itself only once the container's init is gone; an earlier end means it died.
  const traceEndChecked = parsed.then(noop, noop).then(async () => {
    const init = attachment && (await readProcess(attachment.pid));
    if (init && !init.zombie) {
      tracerFailure = 'strace ended while the container was still running';
      void stopper.stop();
    }
    traceEnded.abort();
  });

  try {
    const securityOpt = request.seccompProfile !== undefined
      ? `seccomp=${await writeSessionFile(session, 'profile.json', request.seccompProfile)}`
      : request.securityOpt ?? `seccomp=${await writeSessionFile(session, 'record-filter.json', RECORD_FILTER)}`;
    launched = await engine.launch({ session, runArgs: request.runArgs, securityOpt, output: io.stderr });
    if (io.signal?.aborted) onAbort();
    attachment = await waitForAttachment(session, launched);
    if (!attachment) {
      if (io.signal?.aborted) throw new TracerError('the recording was stopped before the container started');
      throw new TracerError(`the container did not start under the tracer: ${launched.tail.text() || 'the engine said nothing'}`, {
        hint: `run the same arguments with plain \`${engine.name} run\` to see whether the container starts at all`,
      });
    }
    const ended = AbortSignal.any([traceEnded.signal, ...(io.signal ? [io.signal] : [])]);
    const exerciseExit = await driveWorkload({ request, engine, containerId: attachment.containerId, run, io, ended, stopper, warnings });
    const client = await launched.client;
    const workloadExit = (await engine.waitIfRunning(attachment.containerId)) ?? shellStatus(client);
    const drained = await drainTrace(parsed, attachment);
    await reader.release();
    const stats = await parsed;
    await traceEndChecked;
    const traceOutError = await tee?.done.then(() => undefined, (error: LearnerError) => error);
    warnings.push(...(await straceWarnings(session)));
    return {
      containerId: attachment.containerId,
      workloadExit,
      exerciseExit,
      stats,
      partial: !drained || Boolean(io.signal?.aborted) || tracerFailure !== undefined,
      stopped: stopper.requested,
      runtime,
      tracerWarnings: warnings,
      tracerFailure,
      traceOutError,
    };
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    const id = await containerId().catch(() => undefined);
    if (id) await engine.remove(id);
    await launched?.release();
    if (attachment) await stopStrace(attachment.stracePid);
    await reader.release();
    await parsed.catch(() => undefined);
    await tee?.done.catch(() => undefined);
    await disposeSession(session);
  }
}
