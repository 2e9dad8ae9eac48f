// What recordContainer needs from Docker or Podman; docker.ts and podman.ts fill it in.
import type { Writable } from 'node:stream';
import type { ResultPromise } from 'execa';
import type { OutputTail } from './client-output.js';
import type { Session } from './session.js';

export type EngineName = 'docker' | 'podman';
export type RuntimeName = 'runc' | 'crun';

/**
 * How engine clients run: no stdin, output streamed rather than buffered, and their own process
 * group, so a terminal's Ctrl-C reaches the learner, which stops the container itself.
 */
export const CLIENT_OPTIONS = { reject: false, buffer: false, stdin: 'ignore', detached: true } as const;

export interface LaunchRequest {
  session: Session;
  runArgs: string[];
  /** The `--security-opt` value the container runs under: `seccomp=<file>`. */
  securityOpt: string;
  /** Where the container's own output goes (the learner's stdout is kept for the profile). */
  output: Writable;
}

export interface LaunchedContainer {
  /** The engine client running the container in the foreground; settles when it ends. */
  client: ResultPromise<typeof CLIENT_OPTIONS>;
  /** The end of what the client wrote on stderr: the engine's reason when the container did not start. */
  tail: OutputTail;
  /** The container id once the engine has created it; undefined before. */
  containerId(): Promise<string | undefined>;
  /** Removes what launch() left outside the session dir. */
  release(): Promise<void>;
}

export interface ContainerEngine {
  name: EngineName;
  /** Fails with the fix when the engine or its tracing hook-up is missing. */
  check(): Promise<void>;
  runtime(runArgs: string[]): Promise<RuntimeName>;
  launch(request: LaunchRequest): Promise<LaunchedContainer>;
  stop(id: string, graceSeconds: number): Promise<void>;
  /** Exit status of a container the client no longer follows (run -d); undefined when unknown. */
  waitIfRunning(id: string): Promise<number | undefined>;
  remove(id: string): Promise<void>;
}
