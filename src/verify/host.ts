import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { ParseStats } from '../strace/stream.js';
import type { Profile } from '../profile/model.js';
import { nativeArch as hostArch, toScmpArch } from '../syscalls/arch.js';
import type { ArchName } from '../syscalls/table.js';
import { recordHost } from '../record/host.js';
import { InputError, TracerError } from '../errors.js';
import { DOCKER_DEFAULT_CAPABILITIES, filterSpec } from './filter-spec.js';
import { DenialCollector, type Denial } from './denials.js';

/** seccomp-exec's own statuses (see the top of tracer/seccomp-exec.c). */
const HELPER_FAILED = 125;
const CANNOT_EXECUTE = 126;
const NOT_FOUND = 127;

const BUILD_FIX = 'apt-get install -y gcc libseccomp-dev && npm run build';

export interface HostVerifyRequest {
  profile: Profile;
  command: string[];
  /** Where tracer/ lives; defaults to the package this module belongs to. */
  packageRoot?: string;
  strace?: string;
  /** C compiler for building the helper when the package was installed without it. */
  cc?: string;
  nativeArch?: ArchName;
  /** Capabilities `includes.caps` rules are evaluated against; Docker's default set unless given. */
  capabilities?: readonly string[];
  /** Aborting stops the workload; what was traced so far is still checked. */
  signal?: AbortSignal;
}

export interface HostVerifyResult {
  /** The workload's exit status (128 + signal number when it was killed). */
  exitCode: number;
  killedBy: string | undefined;
  denials: Denial[];
  stats: ParseStats;
  interrupted: string | undefined;
}

function defaultPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'tracer'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new TracerError('cannot find the seccomp-learner package (its tracer/ directory) above this module');
    dir = parent;
  }
  return dir;
}

/** The compiled helper; built once with cc when an install skipped it (no compiler back then). */
export async function locateHelper(packageRoot: string, cc = process.env.CC ?? 'cc'): Promise<string> {
  const binary = path.join(packageRoot, 'tracer', 'build', 'seccomp-exec');
  if (existsSync(binary)) return binary;
  const source = path.join(packageRoot, 'tracer', 'seccomp-exec.c');
  await fs.mkdir(path.dirname(binary), { recursive: true }).catch(() => undefined);
  const build = await execa(cc, ['-O2', '-Wall', '-Wextra', '-o', binary, source, '-lseccomp'], { reject: false, stdin: 'ignore' });
  if (build.exitCode === 0 && existsSync(binary)) return binary;
  const said = build.code === 'ENOENT' ? `${cc} is not installed` : `${build.stderr}`.trim().split('\n').slice(-1)[0] ?? build.shortMessage;
  throw new TracerError(`the seccomp-exec helper is not built (${binary}) and building it failed: ${said}`, { hint: BUILD_FIX, cause: build });
}

/** Runs the helper in --check mode so a spec it cannot build fails with its message, before any tracing. */
async function checkSpec(helper: string, specFile: string): Promise<void> {
  const check = await execa(helper, ['--check', specFile], { reject: false, stdin: 'ignore' });
  if (check.exitCode === 0) return;
  const said = `${check.stderr}`.trim().replace(/^seccomp-exec: (?:[^\n]*?:\d+: )?/, '');
  if (check.exitCode === HELPER_FAILED) throw new InputError(`the profile cannot be enforced: ${said}`);
  throw new TracerError(`the seccomp-exec helper failed: ${said || check.shortMessage}`, { hint: BUILD_FIX, cause: check });
}

/** The spec lives in a private temp directory (0700, file 0600) that is removed afterwards. */
async function withSpecFile<T>(text: string, work: (file: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seccomp-verify-'));
  try {
    const file = path.join(dir, 'filter.spec');
    await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
    return await work(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a host command with the profile enforced (seccomp-exec loads it through libseccomp, then
 * execs the command) under `strace -f`, and lists the calls the profile refused. The workload keeps
 * the terminal: stdin, stdout and stderr pass through untouched.
 */
export async function verifyHost(request: HostVerifyRequest): Promise<HostVerifyResult> {
  const helper = await locateHelper(request.packageRoot ?? defaultPackageRoot(), request.cc);
  const arch = request.nativeArch ?? hostArch();
  const spec = filterSpec(request.profile, {
    nativeArch: toScmpArch(arch),
    kernelRelease: os.release(),
    capabilities: request.capabilities ?? DOCKER_DEFAULT_CAPABILITIES,
  });
  return withSpecFile(spec, async (specFile) => {
    await checkSpec(helper, specFile);
    const collector = new DenialCollector(request.profile, arch);
    const run = await recordHost({ command: [helper, specFile, '--', ...request.command], strace: request.strace, signal: request.signal }, collector.add);
    const denials = collector.denials();
    if (!collector.filterLoaded && run.interrupted === undefined) {
      throw new TracerError(
        run.exitCode === HELPER_FAILED
          ? 'seccomp-exec could not load the filter (its message is above)'
          : `the trace shows no seccomp filter being loaded (exit ${run.exitCode}); nothing was verified`,
        { hint: 'the kernel needs seccomp filter support (CONFIG_SECCOMP_FILTER); run `strace -f true` to check tracing' },
      );
    }
    if (collector.filterLoaded && !collector.workloadStarted && denials.length === 0 && run.interrupted === undefined) {
      if (run.exitCode === NOT_FOUND) throw new InputError(`cannot run ${request.command[0] ?? ''}: command not found`);
      if (run.exitCode === CANNOT_EXECUTE) throw new InputError(`cannot run ${request.command[0] ?? ''}: not executable (its message is above)`);
    }
    return { exitCode: run.exitCode, killedBy: run.killedBy, denials, stats: run.stats, interrupted: run.interrupted };
  });
}
