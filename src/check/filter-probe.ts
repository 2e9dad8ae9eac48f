import { TracerError } from '../errors.js';
import { startChild } from '../io/child.js';
import { checkStrace } from '../record/strace-check.js';

/**
 * Runs the filter once on `true`, after a run that printed no trace: a strace too old for
 * --seccomp-bpf, or one that refuses the filter, fails as a tracer error in its own words.
 */
export async function probeTraceFilter(strace: string, flags: readonly string[]): Promise<void> {
  const probe = await startChild(strace, ['-f', ...flags, '-o', '/dev/null', '--', 'true'], 'quiet').ended;
  if (probe.exitCode === 0) return;
  await checkStrace(strace); // a missing strace or forbidden ptrace gets its own message and fix
  const ended = probe.error?.message ?? (probe.signal ? `killed by ${probe.signal}` : `exit ${probe.exitCode}`);
  const said = probe.stderr.trim().split('\n').filter(Boolean).slice(0, 2).join('; ') || ended;
  throw new TracerError(`${strace} refused the check filter: ${said}`, {
    hint: '--seccomp-bpf needs strace 5.3 or later and a kernel with seccomp filters; `strace -f --seccomp-bpf true` shows what is wrong',
    cause: probe.error,
  });
}
