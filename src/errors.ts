// One error type for the whole tool: the CLI turns `exitCode` into the process status.
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  tracer: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LearnerError extends Error {
  readonly exitCode: number;
  /** A one-line hint telling the user how to fix the problem, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LearnerError';
    this.exitCode = options.exitCode ?? ExitCode.usage;
    this.hint = options.hint;
  }
}

/** Bad input: a malformed profile, an unknown option value, a missing file. Exit 2. */
export class InputError extends LearnerError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
    this.name = 'InputError';
  }
}

/** strace, libseccomp, Docker or Podman failed or is missing. Exit 3. */
export class TracerError extends LearnerError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { ...options, exitCode: ExitCode.tracer });
    this.name = 'TracerError';
  }
}
