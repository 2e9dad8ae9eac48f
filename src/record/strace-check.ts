import { execa } from 'execa';
import { TracerError } from '../errors.js';

/** Fails fast, with the fix, when strace is missing or ptrace is forbidden. */
export async function checkStrace(strace = 'strace'): Promise<void> {
  const probe = await execa(strace, ['-f', '-o', '/dev/null', '--', 'true'], { reject: false, stdin: 'ignore' });
  if (probe.failed && (probe.code === 'ENOENT' || /ENOENT/.test(probe.message ?? ''))) {
    throw new TracerError(`${strace} is not installed`, { hint: 'install it: apt-get install -y strace (Debian/Ubuntu) or dnf install -y strace' });
  }
  if (probe.exitCode !== 0) {
    const said = `${probe.stderr}`.trim().split('\n').pop() ?? `exit ${probe.exitCode}`;
    const ptrace = /ptrace|Operation not permitted|EPERM/i.test(said);
    throw new TracerError(`strace cannot trace here: ${said}`, {
      hint: ptrace
        ? 'ptrace is forbidden: run as root or lower kernel.yama.ptrace_scope (sysctl kernel.yama.ptrace_scope=1); in a container add --cap-add SYS_PTRACE and a seccomp profile that allows ptrace'
        : 'run `strace -f true` to see what is wrong',
    });
  }
}
