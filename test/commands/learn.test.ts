import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../cli.js';
import { fixturePath, readFixture } from '../helpers.js';

const learn = suite('learn on existing logs');

learn('a -f log to stdout is the golden profile', async () => {
  const r = await runCli(['learn', fixturePath('learn', 'shell-pipeline.log')]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, readFixture('golden', 'learn-shell-pipeline.json'));
  assert.is(r.stderr, '');
});

learn('stdin (-) gives the same profile as the file', async () => {
  const r = await runCli(['learn', '-'], { input: readFixture('learn', 'shell-pipeline.log') });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, readFixture('golden', 'learn-shell-pipeline.json'));
});

learn('a -ff file set takes each pid from its file name', async () => {
  const dir = fixturePath('strace', 'ff');
  const files = ['trace.8200', 'trace.8201', 'trace.8202'].map((f) => path.join(dir, f));
  const out = tempDir();
  const r = await runCli(['learn', ...files, '-o', 'p.json', '--report', 'r.json'], { cwd: out });
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8'));
  assert.is(report.summary.processes, 3);
  const names: string[] = JSON.parse(readFileSync(path.join(out, 'p.json'), 'utf8')).syscalls[0].names;
  for (const name of ['execve', 'pipe2', 'dup2', 'wait4']) assert.ok(names.includes(name), name);
});

learn('unparsable lines are counted, sampled and warned about once, and the rest is learned', async () => {
  const dir = tempDir();
  const log = path.join(dir, 'mixed.log');
  writeFileSync(log, `${readFixture('learn', 'shell-pipeline.log')}this is not strace\n\u0000\u0001garbage\n`);
  const r = await runCli(['learn', log, '-o', 'p.json', '--report', 'r.json'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr.split('\n').filter(Boolean).length, 1);
  assert.match(r.stderr, /warning: 2 of \d+ trace lines could not be parsed/);
  const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
  assert.is(report.parse.malformed, 2);
  assert.is(report.parse.malformedSamples[0], 'this is not strace');
  assert.is(readFileSync(path.join(dir, 'p.json'), 'utf8'), readFixture('golden', 'learn-shell-pipeline.json'));
});

learn('an empty log warns and still writes a valid profile', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'empty.log'), '');
  const r = await runCli(['learn', 'empty.log'], { cwd: dir });
  assert.is(r.code, 0);
  assert.match(r.stderr, /the trace is empty/);
  assert.is(JSON.parse(r.stdout).defaultAction, 'SCMP_ACT_ERRNO');
});

learn('a missing log is exit 2 naming it', async () => {
  const r = await runCli(['learn', 'nope.log'], { cwd: tempDir() });
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot read nope\.log: no such file/);
});

learn('--format kubernetes names the object after the output file', async () => {
  const dir = tempDir();
  const r = await runCli(['learn', fixturePath('learn', 'shell-pipeline.log'), '--format', 'kubernetes', '-o', 'My_App.yaml'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(path.join(dir, 'My_App.yaml'), 'utf8'), /\n {2}name: my-app\n/);
});

learn('--window after-filter-load with no marker uses the runtime base set and says so', async () => {
  const dir = tempDir();
  const r = await runCli(['learn', fixturePath('learn', 'shell-pipeline.log'), '--window', 'after-filter-load', '--runtime', 'runc', '--report', 'r.json'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
  assert.is(report.window.markerSeen, false);
  assert.is(report.window.runtimeBaseSetUsed, true);
  assert.ok(JSON.parse(r.stdout).syscalls[0].names.includes('capset'));
});

learn.run();
