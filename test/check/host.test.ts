import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkHost } from '../../src/check/host.js';
import { TracerError } from '../../src/errors.js';
import { commandExists } from '../../src/io/which.js';
import { Learner } from '../../src/learn/pipeline.js';
import type { Profile } from '../../src/profile/model.js';
import { recordHost } from '../../src/record/host.js';
import { fixturePath, skipUnless } from '../helpers.js';

const hasStrace = commandExists('strace');

// The profile `record` would write for this command: learned from a real traced run.
async function learnedProfile(command: string[]): Promise<Profile> {
  const learner = new Learner({ window: 'all' });
  const run = await recordHost({ command }, learner.onEvent);
  return learner.finish(run.stats).profile;
}

const host = suite('check on a host command (real strace)');

host('a workload that fits: exit status kept, and the calls the profile allows are never printed', async () => {
  if (skipUnless(hasStrace, 'strace', 'check host fits')) return;
  const dd = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=20000', 'status=none'];
  const profile = await learnedProfile(dd);
  const result = await checkHost({ profile, command: dd });
  assert.is(result.exitCode, 0);
  assert.is(result.findings.fits, true, JSON.stringify(result.findings.newSyscalls));
  assert.is(result.filter.mode, 'all-but');
  // 40 000 reads and writes ran; strace printed only the exec and the exit.
  assert.ok(result.stats.lines < 10, `${result.stats.lines} trace lines`);
});

host('a call the profile lacks is named, with its count and the forked process that made it', async () => {
  if (skipUnless(hasStrace, 'strace', 'check host new syscall')) return;
  const profile = await learnedProfile(['sh', '-c', 'ls / >/dev/null; (exit 0)']);
  const result = await checkHost({ profile, command: ['sh', '-c', 'ls / >/dev/null; (cd / && cd /tmp; exit 0)'] });
  assert.is(result.findings.fits, false);
  const [chdir, ...rest] = result.findings.newSyscalls;
  assert.equal(rest, []);
  assert.is(chdir?.name, 'chdir');
  assert.is(chdir?.count, 2);
  assert.is(chdir?.firstCommand, 'sh');
  assert.is(chdir?.answer, 'SCMP_ACT_ERRNO(1)');
});

host('names this strace does not know (newer syscalls, other arches) do not stop it', async () => {
  if (skipUnless(hasStrace, 'strace', 'check host unknown names')) return;
  const profile = await learnedProfile(['true']);
  const rule = profile.syscalls[0]!;
  // strace 6.1 refuses both in a plain -e trace= list: fchmodat2 is newer than it, arm_fadvise64_64 is arm's.
  profile.syscalls[0] = { ...rule, names: [...rule.names, 'fchmodat2', 'arm_fadvise64_64'] };
  const result = await checkHost({ profile, command: ['true'] });
  assert.ok(result.filter.names.includes('fchmodat2'));
  assert.is(result.findings.fits, true, JSON.stringify(result.findings.newSyscalls));
});

host('a workload that fails is still checked, and its status is kept', async () => {
  if (skipUnless(hasStrace, 'strace', 'check host failing workload')) return;
  const profile = await learnedProfile(['sh', '-c', 'exit 0']);
  const result = await checkHost({ profile, command: ['sh', '-c', 'exit 7'] });
  assert.is(result.exitCode, 7);
  assert.is(result.findings.fits, true);
});

host('an strace without --seccomp-bpf is a tracer failure in its own words, before the workload runs', async () => {
  if (skipUnless(hasStrace, 'strace', 'check host old strace')) return;
  const profile = await learnedProfile(['true']);
  try {
    await checkHost({ profile, command: ['sh', '-c', 'echo ran >&2'], strace: fixturePath('check', 'strace-before-5.3.sh') });
    assert.unreachable('should have failed');
  } catch (error) {
    assert.instance(error, TracerError);
    assert.match((error as TracerError).message, /refused the check filter: strace: unrecognized option '--seccomp-bpf'/);
    assert.is((error as TracerError).exitCode, 3);
  }
});

host.run();
