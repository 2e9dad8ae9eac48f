import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';
import { commandExists } from '../../src/io/which.js';

const hasStrace = commandExists('strace');
const record = suite('record on a host command (real strace)');

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

record('a shell pipeline: profile, report and raw trace, exit status of the workload', async () => {
  if (skipUnless(hasStrace, 'strace', 'record shell pipeline')) return;
  const dir = tempDir();
  const r = await runCli(['record', '-o', 'p.json', '--report', 'r.json', '--trace-out', 't.log', '--', 'sh', '-c', 'ls / | wc -l; exit 3'], { cwd: dir });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /^\d+\n$/);
  const profile = readJson(path.join(dir, 'p.json'));
  assert.is(profile.defaultAction, 'SCMP_ACT_ERRNO');
  const allowed: string[] = profile.syscalls[0].names;
  for (const name of ['execve', 'pipe2', 'wait4', 'getdents64']) assert.ok(allowed.includes(name), name);
  assert.equal(allowed, [...allowed].sort());
  const report = readJson(path.join(dir, 'r.json'));
  assert.is(report.partial, false);
  assert.is(report.workload.exitCode, 3);
  assert.ok(report.commands.some((c: { command: string }) => c.command === 'wc'));
  assert.match(r.stderr, /wrote p\.json: \d+ syscalls allowed/);
});

record('learn on the --trace-out of a record gives the same profile, byte for byte', async () => {
  if (skipUnless(hasStrace, 'strace', 'record then learn')) return;
  const dir = tempDir();
  const r = await runCli(['record', '-o', 'p.json', '--trace-out', 't.log', '--', 'python3', '-c', 'import threading; t=threading.Thread(target=print); t.start(); t.join()'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const l = await runCli(['learn', 't.log', '-o', 'q.json'], { cwd: dir });
  assert.is(l.code, 0, l.stderr);
  assert.is(readFileSync(path.join(dir, 'q.json'), 'utf8'), readFileSync(path.join(dir, 'p.json'), 'utf8'));
});

record('a workload killed by a signal: exit 128+n and the profile is still written', async () => {
  if (skipUnless(hasStrace, 'strace', 'record killed workload')) return;
  const dir = tempDir();
  const r = await runCli(['record', '-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', 'kill -KILL $$'], { cwd: dir });
  assert.is(r.code, 137, r.stderr);
  assert.ok(readJson(path.join(dir, 'p.json')).syscalls[0].names.includes('kill'));
  assert.is(readJson(path.join(dir, 'r.json')).workload.killedBy, 'SIGKILL');
  assert.match(r.stderr, /killed by SIGKILL/);
});

record('SIGTERM to the learner stops the workload and writes a partial profile', async () => {
  if (skipUnless(hasStrace, 'strace', 'record interrupted')) return;
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.json'), 'old content\n');
  const r = await runCli(['record', '-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', 'echo started; exec sleep 30'], {
    cwd: dir,
    onSpawn: (pid) => setTimeout(() => process.kill(pid, 'SIGTERM'), 1500),
  });
  assert.is(r.code, 128 + 15, r.stderr);
  const profile = readJson(path.join(dir, 'p.json'));
  assert.ok(profile.syscalls[0].names.includes('execve'));
  const report = readJson(path.join(dir, 'r.json'));
  assert.is(report.partial, true);
  assert.match(r.stderr, /partial/);
});

record('a missing strace is a one-line error with the fix, exit 3', async () => {
  const dir = tempDir();
  const r = await runCli(['record', '-o', 'p.json', '--', '/bin/true'], { cwd: dir, env: { ...process.env, PATH: dir } });
  assert.is(r.code, 3);
  assert.match(r.stderr, /strace is not installed/);
  assert.match(r.stderr, /apt-get install -y strace/);
  assert.not.ok(existsSync(path.join(dir, 'p.json')));
});

record('container-only options without --engine are a usage error', async () => {
  const r = await runCli(['record', '--exercise', 'true', '--', 'true'], { cwd: tempDir() });
  assert.is(r.code, 2);
  assert.match(r.stderr, /--exercise needs --engine/);
});

record('an unknown command is a usage error naming it', async () => {
  const r = await runCli(['record', '-o', 'p.json', '--', 'no-such-command-here'], { cwd: tempDir() });
  assert.is(r.code, 2);
  assert.match(r.stderr, /command not found: no-such-command-here/);
});

record.run();
