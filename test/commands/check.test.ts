import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';
import { commandExists } from '../../src/io/which.js';
import { RUNTIME_BASE_SETS } from '../../src/learn/runtime-base.js';
import { ENGINES, image, machineArgs, missingFor } from '../engine/available.js';

const hasStrace = commandExists('strace');
// Node warns on stderr when both colour variables are set; the CLI's stderr is what is under test.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

// `sh -c 'cd /'` makes exactly one call `sh -c true` does not: chdir (dash, Debian's sh).
const FITS = ['sh', '-c', 'true'];
const NEEDS_CHDIR = ['sh', '-c', 'cd /'];

async function learned(dir: string, file = 'p.json'): Promise<string> {
  const r = await runCli(['record', '-o', file, '--', ...FITS], { cwd: dir, env });
  assert.is(r.code, 0, r.stderr);
  return path.join(dir, file);
}

const check = suite('seccomp-learner check (real strace)');

check('a workload that still fits exits 0 and says so', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI fits')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--', ...FITS], { cwd: dir, env });
  assert.is(r.stderr, 'seccomp-learner: check: p.json fits: the workload made no call it refuses\nseccomp-learner: check: the workload exited with 0\n');
  assert.is(r.code, 0);
});

check('a workload that needs one more syscall exits 1 and names it, with count and first command', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI new syscall')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--', ...NEEDS_CHDIR], { cwd: dir, env });
  assert.match(
    r.stderr,
    /^seccomp-learner: check: the workload needs 1 syscall\(s\) p\.json does not allow:\n {2}chdir {2}1× {2}SCMP_ACT_ERRNO\(1\) {2}first by sh \(pid \d+\)\nseccomp-learner: check: the workload exited with 0\n$/,
  );
  assert.is(r.code, 1);
});

check('--update adds what was missing, in place, and then the workload fits', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI update')) return;
  const dir = tempDir();
  const file = await learned(dir);
  const before = readJson(file);
  const r = await runCli(['check', '--profile', 'p.json', '--update', '--', ...NEEDS_CHDIR], { cwd: dir, env });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /\nseccomp-learner: check: updated p\.json: \+chdir\n/);
  const after = readJson(file);
  assert.equal(after.syscalls[0].names, [...before.syscalls[0].names, 'chdir'].sort());
  assert.equal(after.syscalls.slice(1), before.syscalls.slice(1));
  const again = await runCli(['check', '--profile', 'p.json', '--', ...NEEDS_CHDIR], { cwd: dir, env });
  assert.is(again.code, 0, again.stderr);
});

check('--update writes back in the format it read: a SeccompProfile stays one', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI update kubernetes')) return;
  const dir = tempDir();
  await learned(dir);
  const c = await runCli(['convert', 'p.json', '--to', 'kubernetes', '--name', 'my-app', '-o', 'p.yaml'], { cwd: dir, env });
  assert.is(c.code, 0, c.stderr);
  const r = await runCli(['check', '--profile', 'p.yaml', '--update', '--', ...NEEDS_CHDIR], { cwd: dir, env });
  assert.is(r.code, 1, r.stderr);
  const text = readFileSync(path.join(dir, 'p.yaml'), 'utf8');
  assert.match(text, /^apiVersion: security-profiles-operator\.x-k8s\.io\/v1\nkind: SeccompProfile\n/);
  assert.match(text, /name: my-app/);
  assert.match(text, /- chdir\n/);
  assert.is((await runCli(['check', '--profile', 'p.yaml', '--', ...NEEDS_CHDIR], { cwd: dir, env })).code, 0);
});

check('--report writes the findings as JSON', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI report')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--report', 'r.json', '--', ...NEEDS_CHDIR], { cwd: dir, env });
  assert.is(r.code, 1, r.stderr);
  const report = readJson(path.join(dir, 'r.json'));
  assert.is(report.result, 'new-syscalls');
  assert.equal(report.command, NEEDS_CHDIR);
  assert.equal(
    report.newSyscalls.map((s: { name: string; count: number; firstCommand: string; needs: string }) => [s.name, s.count, s.firstCommand, s.needs]),
    [['chdir', 1, 'sh', 'allow']],
  );
  assert.equal(report.workload, { exitCode: 0, killedBy: null });
  assert.is(report.partial, false);
  assert.is(report.updated, null);
  assert.match(report.trace.filter, /^all but \d+ name\(s\), --seccomp-bpf$/);
});

check('a failing workload is reported and exits 1 even when it fits', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI workload failed')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--', 'sh', '-c', 'exit 3'], { cwd: dir, env });
  assert.is(r.stderr, 'seccomp-learner: check: p.json fits: the workload made no call it refuses\nseccomp-learner: check: the workload exited with 3 (failed)\n');
  assert.is(r.code, 1);
});

check('the workload keeps its stdout, and its own options after --', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI pass-through')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--', 'sh', '-c', 'echo "out $0"', '--update'], { cwd: dir, env });
  assert.is(r.stdout, 'out --update\n');
  assert.match(r.stderr, /\n {2}write {2}1× {2}SCMP_ACT_ERRNO\(1\) {2}first by sh/);
  assert.not.match(r.stderr, /updated/);
  assert.is(r.code, 1);
});

check('SIGTERM to check stops the workload and still reports what it saw, as partial', async () => {
  if (skipUnless(hasStrace, 'strace', 'check CLI interrupted')) return;
  const dir = tempDir();
  await learned(dir);
  const r = await runCli(['check', '--profile', 'p.json', '--report', 'r.json', '--', 'sh', '-c', 'cd /; echo started; exec sleep 30'], {
    cwd: dir,
    env,
    onSpawn: (pid) => setTimeout(() => process.kill(pid, 'SIGTERM'), 1500),
  });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /\n {2}chdir +1× /);
  assert.match(r.stderr, /the workload was killed by SIGTERM \(failed\)\nseccomp-learner: check: the result is partial: /);
  const report = readJson(path.join(dir, 'r.json'));
  assert.is(report.partial, true);
  assert.ok(report.newSyscalls.some((s: { name: string }) => s.name === 'chdir'));
});

check('a malformed profile exits 2 naming the file, and nothing runs', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'bad.json'), '{"defaultAction": "SCMP_ACT_ALOW", "syscalls": []}');
  const r = await runCli(['check', '--profile', 'bad.json', '--', 'sh', '-c', 'echo ran'], { cwd: dir, env });
  assert.is(r.code, 2);
  assert.match(r.stderr, /^seccomp-learner: bad\.json: defaultAction "SCMP_ACT_ALOW"/);
  assert.is(r.stdout, '');
});

check('a missing strace is a tracer failure, exit 3', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'allow.json'), '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}');
  const r = await runCli(['check', '--profile', 'allow.json', '--', '/bin/true'], { cwd: dir, env: { ...env, PATH: dir } });
  assert.is(r.code, 3);
  assert.match(r.stderr, /strace is not installed/);
});

check('--update refuses to rewrite a whole OCI config.json, before running anything', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ociVersion: '1.0.2', linux: { seccomp: { defaultAction: 'SCMP_ACT_ALLOW' } } }));
  const r = await runCli(['check', '--profile', 'config.json', '--update', '--', 'sh', '-c', 'echo ran'], { cwd: dir, env });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /config\.json: --update cannot rewrite a whole OCI config\.json/);
  assert.is(r.stdout, '');
});

check('usage errors: --format without --update, container options without --engine', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'allow.json'), '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}');
  const f = await runCli(['check', '--profile', 'allow.json', '--format', 'oci', '--', 'true'], { cwd: dir, env });
  assert.is(f.code, 2);
  assert.match(f.stderr, /--format chooses how --update writes the profile; it needs --update/);
  const e = await runCli(['check', '--profile', 'allow.json', '--exercise', 'true', '--', 'true'], { cwd: dir, env });
  assert.is(e.code, 2);
  assert.match(e.stderr, /--exercise needs --engine/);
  assert.not.ok(existsSync(path.join(dir, 'p.json')));
});

check.run();

const container = suite('seccomp-learner check --engine (real Docker and Podman)');

for (const engine of ENGINES) {
  container(`${engine}: fits, then one more syscall is named, then --update makes it fit`, async () => {
    const missing = missingFor(engine);
    if (skipUnless(missing === undefined, missing ?? '', `${engine}: check --engine`)) return;
    const dir = tempDir();
    const run = (...command: string[]) => [...machineArgs(engine), '--network', 'none', image(engine, 'busybox'), ...command];
    const r = await runCli(['record', '--engine', engine, '-o', 'c.json', '--', ...run('sh', '-c', 'true')], { cwd: dir, env });
    assert.is(r.code, 0, r.stderr);
    // runc's Go runtime yields and signals its threads at random (sched_yield, tgkill): allow its base set, so only the workload decides.
    const learned = readJson(path.join(dir, 'c.json'));
    learned.syscalls[0].names.push(...RUNTIME_BASE_SETS.runc);
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify(learned));
    const fits = await runCli(['check', '--engine', engine, '--profile', 'c.json', '--', ...run('sh', '-c', 'true')], { cwd: dir, env });
    assert.is(fits.code, 0, fits.stderr);
    assert.match(fits.stderr, /seccomp-learner: check: c\.json fits: the workload made no call it refuses\nseccomp-learner: check: the workload exited with 0\n$/);
    assert.is(fits.code, 0);
    // busybox ls asks whether stdout is a terminal: ioctl, which `sh -c true` never calls.
    const more = await runCli(['check', '--engine', engine, '--profile', 'c.json', '--update', '--', ...run('sh', '-c', 'ls /tmp')], { cwd: dir, env });
    assert.is(more.code, 1, more.stderr);
    assert.match(more.stderr, /\n {2}ioctl {2}\d+× {2}SCMP_ACT_ERRNO\(1\) {2}first by \w+ \(pid \d+\)\n/);
    assert.match(more.stderr, /updated c\.json: \+ioctl\n/);
    assert.is(more.code, 1);
    const again = await runCli(['check', '--engine', engine, '--profile', 'c.json', '--', ...run('sh', '-c', 'ls /tmp')], { cwd: dir, env });
    assert.is(again.code, 0, again.stderr);
  });
}

container.run();
