import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../cli.js';
import { fixturePath, readFixture } from '../helpers.js';

const cwd = fixturePath('profiles');
// Spawned CLIs must not inherit uvu's colour variables: Node warns about the pair on stderr.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
const merge = suite('seccomp-learner merge');

merge('merges to stdout and reports the conflict on stderr', async () => {
  const result = await runCli(['merge', 'run-a.json', 'run-b.json'], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, readFixture('golden', 'profiles', 'merged-runs.json'));
  assert.is(result.stderr, 'seccomp-learner: warning: clone3: inputs disagree (run-a.json SCMP_ACT_ERRNO(38), run-b.json SCMP_ACT_ALLOW); kept the more permissive SCMP_ACT_ALLOW\n');
});

merge('-o writes the file and --report says who contributed what', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'merged.json');
  const report = path.join(dir, 'report.json');
  const result = await runCli(['merge', 'run-a.json', 'run-b.json', '-o', out, '--report', report], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, '');
  assert.is(readFileSync(out, 'utf8'), readFixture('golden', 'profiles', 'merged-runs.json'));
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { inputs: { source: string; format: string; only: string[] }[]; conflicts: { syscall: string }[] };
  assert.equal(parsed.inputs.map((i) => [i.source, i.format, i.only]), [
    ['run-a.json', 'oci', ['openat']],
    ['run-b.json', 'oci', ['personality', 'socket']],
  ]);
  assert.equal(parsed.conflicts.map((c) => c.syscall), ['clone3']);
  assert.equal(readdirSync(dir).sort(), ['merged.json', 'report.json'], 'no temp file is left behind');
});

merge('different default actions exit 2 with a hint, and --default-action settles them', async () => {
  const refused = await runCli(['merge', 'run-a.json', 'kill-default.json'], { cwd, env });
  assert.is(refused.code, 2);
  assert.is(
    refused.stderr,
    'seccomp-learner: the profiles disagree on the default action (run-a.json SCMP_ACT_ERRNO, kill-default.json SCMP_ACT_KILL_PROCESS); merging them would change what one of them denies\n' +
      '  hint: choose one with --default-action, e.g. --default-action SCMP_ACT_ERRNO\n',
  );
  const settled = await runCli(['merge', 'run-a.json', 'kill-default.json', '--default-action', 'SCMP_ACT_ERRNO:EPERM'], { cwd, env });
  assert.is(settled.code, 0);
  assert.equal(JSON.parse(settled.stdout).defaultErrnoRet, 1);
});

merge('a bad --default-action exits 2', async () => {
  const result = await runCli(['merge', 'run-a.json', '--default-action', 'SCMP_ACT_ERRNO:EWHAT'], { cwd, env });
  assert.is(result.code, 2);
  assert.match(result.stderr, /--default-action "SCMP_ACT_ERRNO:EWHAT": the errno must be a name or a number/);
});

merge('--format systemd writes a drop-in', async () => {
  const result = await runCli(['merge', 'run-a.json', 'run-b.json', '--format', 'systemd'], { cwd, env });
  assert.is(result.code, 0);
  assert.match(result.stdout, /^\[Service\]$/m);
  assert.match(result.stdout, /^SystemCallFilter=clone3 exit_group openat personality read socket write$/m);
});

merge('a bad input exits 2 naming the file and the field', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'bad.json'), '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALOW"}]}');
  const result = await runCli(['merge', path.join(cwd, 'run-a.json'), 'bad.json'], { cwd: dir, env });
  assert.is(result.code, 2);
  assert.match(result.stderr, /^seccomp-learner: bad\.json: syscalls\[0\]\.action "SCMP_ACT_ALOW" is not a seccomp action; expected one of .*; did you mean SCMP_ACT_ALLOW\?\n$/);
});

merge.run();
