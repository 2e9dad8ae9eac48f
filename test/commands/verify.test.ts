import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { cliPath, repoRoot, skipUnless } from '../helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
const strace = await execa('strace', ['-V'], { reject: false });
const ready = strace.exitCode === 0 && existsSync(path.join(repoRoot, 'tracer', 'build', 'seccomp-exec'));
const missing = 'strace and tracer/build/seccomp-exec (npm run build)';

function profileFile(name: string, profile: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof profile === 'string' ? profile : JSON.stringify(profile));
  return file;
}

const allowAll = profileFile('allow-all.json', { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] });
const denyUname = profileFile('deny-uname.json', {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
});

// Node warns on stderr when both colour variables are set; the CLI's stderr is what is under test.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;

function verify(...args: string[]) {
  return execa(process.execPath, [cliPath, 'verify', ...args], { reject: false, stdin: 'ignore', cwd: dir, env, extendEnv: false });
}

const cli = suite('seccomp-learner verify');

cli('a command the profile fully allows exits 0 and says so', async () => {
  if (skipUnless(ready, missing, 'verify CLI allowed')) return;
  const result = await verify('--profile', allowAll, '--', 'true');
  assert.is(result.stderr, 'seccomp-learner: verify: no denied syscalls\nseccomp-learner: verify: the workload exited with 0');
  assert.is(result.exitCode, 0);
});

cli('denied calls exit 1 with name, count, errno and the first command', async () => {
  if (skipUnless(ready, missing, 'verify CLI denied')) return;
  const result = await verify('--profile', denyUname, '--', 'sh', '-c', 'uname 2>/dev/null; uname 2>/dev/null; exit 0');
  assert.match(
    result.stderr,
    /^seccomp-learner: verify: the profile denied 1 syscall\(s\), 2 call\(s\):\n {2}uname {2}2× {2}EPERM {4}first by uname \(pid \d+\)\nseccomp-learner: verify: the workload exited with 0$/,
  );
  assert.is(result.exitCode, 1);
});

cli('a failing workload without denials exits 1 and says the workload failed', async () => {
  if (skipUnless(ready, missing, 'verify CLI workload failed')) return;
  const result = await verify('--profile', allowAll, '--', 'sh', '-c', 'exit 3');
  assert.is(result.stderr, 'seccomp-learner: verify: no denied syscalls\nseccomp-learner: verify: the workload exited with 3 (failed)');
  assert.is(result.exitCode, 1);
});

cli('the workload keeps its stdout and its options, with or without --', async () => {
  if (skipUnless(ready, missing, 'verify CLI pass-through')) return;
  const result = await verify('--profile', allowAll, 'sh', '-c', 'echo "out $0"', '--report');
  assert.is(result.stdout, 'out --report');
  assert.is(result.exitCode, 0);
});

cli('--report writes the denials as JSON', async () => {
  if (skipUnless(ready, missing, 'verify CLI report')) return;
  const result = await verify('--profile', denyUname, '--report', 'report.json', '--', 'sh', '-c', 'uname 2>/dev/null; exit 0');
  assert.is(result.exitCode, 1);
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  assert.is(report.result, 'denied');
  assert.equal(report.workload, { exitCode: 0, killedBy: null });
  assert.equal(
    report.denials.map((d: { name: string; count: number; answer: string; firstCommand: string }) => [d.name, d.count, d.answer, d.firstCommand]),
    [['uname', 1, 'EPERM', 'uname']],
  );
});

cli('a malformed profile exits 2 naming the file, before anything runs', async () => {
  const bad = profileFile('bad.json', '{"defaultAction": "SCMP_ACT_ALOW", "syscalls": []}');
  const result = await verify('--profile', bad, '--', 'sh', '-c', 'echo ran');
  assert.is(result.stdout, '');
  assert.match(result.stderr, bad);
  assert.is(result.exitCode, 2);
});

cli('a missing --profile is a usage error', async () => {
  const result = await verify('--', 'true');
  assert.match(result.stderr, "required option '--profile <file>' not specified");
  assert.is(result.exitCode, 2);
});

cli.after(() => rmSync(dir, { recursive: true, force: true }));

cli.run();
