import { readFileSync } from 'node:fs';
import { startChild } from '../io/child.js';
import { TracerError } from '../errors.js';

const CAP_SYS_PTRACE = 19n;

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// The fix depends on what forbids ptrace here: Yama, a seccomp filter around the learner, or a missing capability.
export function ptraceFix(): string {
  const scope = readProc('/proc/sys/kernel/yama/ptrace_scope')?.trim();
  if (scope === '3') return 'kernel.yama.ptrace_scope is 3, which forbids ptrace until the next boot: set kernel.yama.ptrace_scope=1 in /etc/sysctl.d/ and reboot';
  const status = readProc('/proc/self/status') ?? '';
  if (/^Seccomp:\s+2$/m.test(status)) {
    return 'the learner runs under a seccomp filter that denies ptrace (a container\'s profile?): run it with --cap-add SYS_PTRACE --security-opt seccomp=unconfined, or record from the host';
  }
  const capabilities = /^CapEff:\s+([0-9a-f]+)$/m.exec(status)?.[1];
  const canPtrace = capabilities === undefined || ((BigInt(`0x${capabilities}`) >> CAP_SYS_PTRACE) & 1n) === 1n;
  if (scope === '2') return `kernel.yama.ptrace_scope is 2: only CAP_SYS_PTRACE may trace${canPtrace ? '' : ' and this process lacks it'}: run as root, or sysctl kernel.yama.ptrace_scope=1`;
  if (!canPtrace) return 'this process lacks CAP_SYS_PTRACE (a container?): add --cap-add SYS_PTRACE, or record from the host';
  return 'a security module forbids ptrace here: in a container add --cap-add SYS_PTRACE and a seccomp profile that allows ptrace; on a host lower kernel.yama.ptrace_scope';
}

/** Fails fast, with the fix, when strace is missing or ptrace is forbidden. */
export async function checkStrace(strace = 'strace'): Promise<void> {
  const probe = await startChild(strace, ['-f', '-o', '/dev/null', '--', 'true'], 'quiet').ended;
  if (probe.error?.code === 'ENOENT') {
    throw new TracerError(`${strace} is not installed`, { hint: 'install it: apt-get install -y strace (Debian/Ubuntu) or dnf install -y strace' });
  }
  if (probe.error) throw new TracerError(`cannot run ${strace}: ${probe.error.message}`);
  if (probe.exitCode !== 0) {
    const lines = `${probe.stderr}`.trim().split('\n').filter((line) => line.trim() !== '');
    // strace's first complaint names the cause; later ones (`detach: waitpid…`) are its aftermath.
    const refused = (line: string) => /Operation not permitted|EPERM|EACCES|Permission denied/.test(line);
    const refusal = lines.find((line) => refused(line) && /^strace: ptrace\(/.test(line)) ?? lines.find(refused);
    if (refusal !== undefined) {
      throw new TracerError(`strace cannot trace here: ptrace is not permitted (${refusal.trim()})`, { hint: ptraceFix() });
    }
    throw new TracerError(`strace cannot trace here: ${lines[0]?.trim() ?? (probe.signal ? `killed by ${probe.signal}` : `exit ${probe.exitCode}`)}`, { hint: 'run `strace -f true` to see what is wrong' });
  }
}
