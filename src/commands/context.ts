import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';

/** What a command may touch of the outside world; tests pass their own. */
export interface CommandContext {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: commands may draw a live status line. */
  interactive: boolean;
  /** Set by the command's action; the CLI exits with it. */
  exitCode: number;
}

/** Every verb module exports one of these: it adds its subcommand to the program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

/** Wraps a verb's work so its exit code lands in the context. Errors propagate to the CLI. */
export function action<A extends unknown[]>(context: CommandContext, work: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    context.exitCode = await work(...args);
  };
}
