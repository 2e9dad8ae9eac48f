import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath } from './helpers.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** May signal the CLI while it runs. */
  onSpawn?: (pid: number) => void;
  /** Called with all output so far whenever some arrives: lets a test act once the workload has started. */
  onOutput?: (output: { stdout: string; stderr: string }, pid: number) => void;
  /** A command the CLI runs under (e.g. a seccomp-exec helper), ending with `--`. */
  wrapper?: string[];
  /** Its own process group, as a terminal's foreground job: the pid is the group to signal. */
  detached?: boolean;
}

/** Spawns the built CLI as a user would. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [file, ...prefix] = options.wrapper ?? [process.execPath];
    const command = options.wrapper ? [...prefix, process.execPath, cliPath, ...args] : [cliPath, ...args];
    const child = spawn(file as string, command, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    });
    let stdout = '';
    let stderr = '';
    const output = () => options.onOutput?.({ stdout, stderr }, child.pid ?? 0);
    child.stdout.on('data', (c) => {
      stdout += c;
      output();
    });
    child.stderr.on('data', (c) => {
      stderr += c;
      output();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
  });
}

export function tempDir(prefix = 'sl-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
