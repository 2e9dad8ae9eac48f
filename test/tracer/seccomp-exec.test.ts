import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { repoRoot, skipUnless } from '../helpers.js';
import { syscallNames } from '../../src/syscalls/table.js';

const helper = path.join(repoRoot, 'tracer', 'build', 'seccomp-exec');
const built = existsSync(helper);
const dir = mkdtempSync(path.join(os.tmpdir(), 'seccomp-exec-test-'));
let files = 0;

function specFile(text: string): string {
  const file = path.join(dir, `spec-${++files}`);
  writeFileSync(file, text);
  return file;
}

async function run(args: string[]) {
  return execa(helper, args, { reject: false, stdin: 'ignore' });
}

const spec = suite('reading the spec');

spec('a valid spec passes --check without running anything', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec (npm run build)', 'seccomp-exec --check')) return;
  const file = specFile('# comment\n\nseccomp-exec-spec 1\ndefault errno 1\narch x86\narch x32\nrule allow 0 read\nrule errno 38 clone3\nrule allow 0 personality 0 eq 8 0\n');
  const result = await run(['--check', file]);
  assert.is(result.stderr, '');
  assert.is(result.exitCode, 0);
});

spec('an unknown syscall name exits 125 and names it with file and line', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec unknown name')) return;
  const file = specFile('seccomp-exec-spec 1\ndefault allow 0\nrule errno 1 sockeet\n');
  const result = await run(['--check', file]);
  assert.is(result.exitCode, 125);
  assert.is(result.stderr, `seccomp-exec: ${file}:3: unknown syscall name "sockeet" (no architecture of the filter has it)`);
});

spec('negative, overflowing and trailing-garbage numbers are refused', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec numbers')) return;
  for (const bad of ['rule errno -1 read', 'rule errno 4096 read', 'rule allow 0 read 0 eq 18446744073709551616 0', 'rule allow 0 read 0 eq 12x 0', 'rule allow 0 read 6 eq 1 0']) {
    const result = await run(['--check', specFile(`seccomp-exec-spec 1\ndefault allow 0\n${bad}\n`)]);
    assert.is(result.exitCode, 125, bad);
    assert.match(result.stderr, /^seccomp-exec: .*:3: /, bad);
  }
});

spec('missing fields, a missing header and a missing default are refused', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec fields')) return;
  const cases: [string, RegExp][] = [
    ['seccomp-exec-spec 1\ndefault allow 0\nrule allow 0 read 0 eq 1\n', /a rule is: rule ACTION DATA SYSCALL/],
    ['default allow 0\n', /expected the header "seccomp-exec-spec 1"/],
    ['seccomp-exec-spec 1\nrule allow 0 read\n', /expected the default directive before "rule"/],
    ['seccomp-exec-spec 1\n', /no default directive/],
    ['seccomp-exec-spec 1\ndefault allow\n', /expected: default ACTION DATA/],
    ['seccomp-exec-spec 1\ndefault allow 0\nrule permit 0 read\n', /unknown action "permit"/],
  ];
  for (const [text, message] of cases) {
    const result = await run(['--check', specFile(text)]);
    assert.is(result.exitCode, 125, text);
    assert.match(result.stderr, message);
  }
});

spec('a very long line is refused, not overflowed', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec long line')) return;
  const result = await run(['--check', specFile(`seccomp-exec-spec 1\ndefault allow 0\nrule allow 0 ${'x'.repeat(1_000_000)}\n`)]);
  assert.is(result.exitCode, 125);
  assert.match(result.stderr, /:3: line longer than 4096 characters/);
});

spec('a filter longer than the kernel loads is refused by --check, saying why', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec filter length')) return;
  const names = syscallNames('x86_64');
  const rules = Array.from({ length: 1200 }, (_, i) => `rule log 0 ${names[i % names.length]} ${i % 6} eq ${i} 0`).join('\n');
  const result = await run(['--check', specFile(`seccomp-exec-spec 1\ndefault allow 0\n${rules}\n`)]);
  assert.is(result.exitCode, 125);
  assert.match(result.stderr, /^seccomp-exec: the filter is \d{4,} BPF instructions, more than the 4096 the kernel loads in one filter \(runc and crun cannot load it either\)/);
});

spec.run();

const exec = suite('running the command');

exec('the command runs under the filter: a denied call fails with the spec errno', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec enforces')) return;
  const result = await run([specFile('seccomp-exec-spec 1\ndefault allow 0\nrule errno 13 uname\n'), '--', 'uname']);
  assert.is(result.exitCode, 1);
  assert.match(result.stderr, /Permission denied/);
});

exec('the command gets its arguments and its own exit status', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec status')) return;
  const result = await run([specFile('seccomp-exec-spec 1\ndefault allow 0\n'), '--', 'sh', '-c', 'echo "$1"; exit 7', 'sh', 'a b']);
  assert.is(result.stdout, 'a b');
  assert.is(result.exitCode, 7);
});

exec('the spec file is not left open for the command', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec fd')) return;
  const file = specFile('seccomp-exec-spec 1\ndefault allow 0\n');
  const result = await run([file, '--', 'sh', '-c', 'ls -l /proc/$$/fd']);
  assert.is(result.exitCode, 0);
  assert.not.match(result.stdout, file);
});

exec('a missing command exits 127 and a non-executable one 126', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec exec failures')) return;
  const allow = specFile('seccomp-exec-spec 1\ndefault allow 0\n');
  const missing = await run([allow, '--', 'no-such-command-here']);
  assert.is(missing.exitCode, 127);
  assert.is(missing.stderr, 'seccomp-exec: cannot execute no-such-command-here: No such file or directory');
  const notExecutable = await run([allow, '--', allow]);
  assert.is(notExecutable.exitCode, 126);
});

exec('without -- and a command it prints usage and exits 125', async () => {
  if (skipUnless(built, 'tracer/build/seccomp-exec', 'seccomp-exec usage')) return;
  const result = await run([specFile('seccomp-exec-spec 1\ndefault allow 0\n'), 'true']);
  assert.is(result.exitCode, 125);
  assert.match(result.stderr, /^seccomp-exec: usage: /);
});

exec.after(() => rmSync(dir, { recursive: true, force: true }));

exec.run();
