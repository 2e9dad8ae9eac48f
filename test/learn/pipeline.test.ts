import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Learner } from '../../src/learn/pipeline.js';
import { parseStream } from '../../src/strace/stream.js';
import { writeDockerProfile } from '../../src/profile/write/docker.js';
import { fixturePath } from '../helpers.js';

async function learn(log: string) {
  const learner = new Learner({ nativeArch: 'x86_64' });
  const stats = await parseStream(createReadStream(fixturePath('learn', log)), learner.onEvent);
  return learner.finish(stats);
}

// Golden files are rewritten with UPDATE_GOLDEN=1 (then reviewed in the diff).
function assertGolden(name: string, actual: string) {
  const file = fixturePath('golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  assert.ok(existsSync(file), `${file} is missing: run the tests with UPDATE_GOLDEN=1 and review it`);
  assert.fixture(actual, readFileSync(file, 'utf8'));
}

const golden = suite('learned profiles match the golden files');

for (const log of ['shell-pipeline', 'python-threads', 'enosys-probe']) {
  golden(`${log}.log gives fixtures/golden/learn-${log}.json`, async () => {
    const result = await learn(`${log}.log`);
    assertGolden(`learn-${log}.json`, writeDockerProfile(result.profile));
  });
}

const facts = suite('what the learned profiles say');

facts('a shell pipeline needs pipes, forks and exec', async () => {
  const { policy, report } = await learn('shell-pipeline.log');
  for (const name of ['pipe2', 'clone', 'execve', 'wait4', 'dup2', 'getdents64']) assert.ok(policy.allowed.includes(name), name);
  assert.ok(report.commands.some((c) => c.command === 'ls'));
  assert.ok(report.commands.some((c) => c.command === 'wc'));
  assert.is(report.parse.malformed, 0);
});

facts('a threaded python program that opens a socket allows clone3 and socket', async () => {
  const { profile, policy } = await learn('python-threads.log');
  assert.ok(policy.allowed.includes('clone3'));
  assert.ok(policy.allowed.includes('socket'));
  const enosysRule = profile.syscalls.find((r) => r.errnoRet === 38);
  assert.not.ok(enosysRule?.names.includes('clone3'));
});

facts('an unknown syscall number that got ENOSYS is reported, not written', async () => {
  const { report, profile } = await learn('enosys-probe.log');
  assert.equal(report.unresolvedNumbers, Object.assign(Object.create(null), { syscall_0x1ff: 1 }));
  const names = profile.syscalls.flatMap((r) => r.names);
  assert.not.ok(names.some((n) => n.startsWith('syscall_')));
});

facts('learning twice gives byte-identical output', async () => {
  const a = writeDockerProfile((await learn('python-threads.log')).profile);
  const b = writeDockerProfile((await learn('python-threads.log')).profile);
  assert.is(a, b);
});

golden.run();
facts.run();
