import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli.js';
import { fixturePath, readFixture } from '../helpers.js';

const cwd = fixturePath('profiles');
// Spawned CLIs must not inherit uvu's colour variables: Node warns about the pair on stderr.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
const diff = suite('seccomp-learner diff');

diff('identical profiles exit 0 and say so', async () => {
  const result = await runCli(['diff', 'learned.json', 'learned.json'], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, 'seccomp profile diff learned.json -> learned.json: no changes\n');
  assert.is(result.stderr, '');
});

diff('changes exit 1 like diff(1) and print the text diff', async () => {
  const result = await runCli(['diff', 'diff-old.json', 'diff-new.json'], { cwd, env });
  assert.is(result.code, 1);
  assert.is(result.stdout, readFixture('golden', 'profiles', 'diff.txt'));
  assert.is(result.stderr, '');
});

diff('--format markdown prints the pull-request comment', async () => {
  const result = await runCli(['diff', 'diff-old.json', 'diff-new.json', '--format', 'markdown'], { cwd, env });
  assert.is(result.code, 1);
  assert.is(result.stdout, readFixture('golden', 'profiles', 'diff.md'));
});

diff('--fail-on added exits 0 when syscalls were only removed', async () => {
  const result = await runCli(['diff', 'run-b.json', 'learned.json', '--fail-on', 'added'], { cwd, env });
  assert.is(result.code, 1, 'learned.json allows syscalls run-b.json does not');
  const removedOnly = await runCli(['diff', 'learned.json', 'oci-config.json', '--fail-on', 'added'], { cwd, env });
  assert.is(removedOnly.code, 0);
  assert.match(removedOnly.stdout, /^- brk /m);
});

diff('--fail-on none always exits 0', async () => {
  const result = await runCli(['diff', 'diff-old.json', 'diff-new.json', '--fail-on', 'none', '--format', 'json'], { cwd, env });
  assert.is(result.code, 0);
  assert.is(JSON.parse(result.stdout).summary.added, 2);
});

diff('a bad profile exits 2 naming the file and the field', async () => {
  const result = await runCli(['diff', 'learned.json', 'missing.json'], { cwd, env });
  assert.is(result.code, 2);
  assert.is(result.stdout, '');
  assert.is(result.stderr, 'seccomp-learner: missing.json: cannot read the profile (no such file)\n');
});

diff('an unknown --format exits 2', async () => {
  const result = await runCli(['diff', 'learned.json', 'learned.json', '--format', 'html'], { cwd, env });
  assert.is(result.code, 2);
  assert.match(result.stderr, /argument 'html' is invalid/);
});

diff.run();
