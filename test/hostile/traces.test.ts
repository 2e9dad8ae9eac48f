// Hostile and odd traces (fixtures/hostile/traces, plus big ones made here): `learn` finishes, keeps
// every call it can read, counts and samples the rest, warns once, and writes only what it was asked
// to. The same inputs go through the parser, aggregator and policy in-process, with Object.prototype
// checked after each.
import { createReadStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir, type CliResult } from '../cli.js';
import { assertPrototypeClean, corpusFiles, filesUnder, hostilePath } from './corpus.js';
import { parseLine } from '../../src/strace/line.js';
import { parseStream, TraceParser } from '../../src/strace/stream.js';
import { Aggregator } from '../../src/learn/aggregate.js';
import { buildPolicy } from '../../src/learn/policy.js';
import { buildReport } from '../../src/learn/report.js';
import { Learner } from '../../src/learn/pipeline.js';

interface Learned extends CliResult {
  dir: string;
  allowed: string[];
  report: any;
}

const trace = (name: string) => hostilePath('traces', name);

// Runs `learn` in a fresh directory and checks it wrote exactly the profile and the report there.
async function learn(file: string, options: { dir?: string; expectFiles?: string[] } = {}): Promise<Learned> {
  const dir = options.dir ?? tempDir('sl-hostile-');
  const before = filesUnder(dir);
  const result = await runCli(['learn', file, '-o', 'p.json', '--report', 'r.json'], { cwd: dir });
  assert.is(result.code, 0, result.stderr);
  assert.equal(filesUnder(dir), [...before, 'p.json', 'r.json'].sort(), 'learn writes the profile and the report, nothing else');
  const profile = JSON.parse(readFileSync(path.join(dir, 'p.json'), 'utf8'));
  const allowed = profile.syscalls.filter((r: { action: string }) => r.action === 'SCMP_ACT_ALLOW').flatMap((r: { names: string[] }) => r.names);
  return { ...result, dir, allowed, report: JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) };
}

function includesAll(list: string[], wanted: string[]): void {
  for (const name of wanted) assert.ok(list.includes(name), `${name} is in ${JSON.stringify(list)}`);
}

const parseWarning = (count: number, lines: number, first: string) =>
  `seccomp-learner: warning: ${count} of ${lines} trace lines could not be parsed (first: ${JSON.stringify(first)})\n`;

const cli = suite('learn on hostile traces');

cli('every file of the corpus has a test here', () => {
  assert.equal(corpusFiles('traces'), [
    'binary-garbage.log',
    'crlf.log',
    'empty.log',
    'mixed-strace-versions.log',
    'not-strace.log',
    'prototype-names.log',
    'resumed-without-unfinished.log',
    'syscall-0xffffffff.log',
    'ten-digit-pids.log',
    'truncated-last-line.log',
    'unfinished-never-resumed.log',
  ]);
});

cli('truncated-last-line.log: the call the cut line began is kept, the line is counted and sampled once', async () => {
  const r = await learn(trace('truncated-last-line.log'));
  const cut = '4242  getrandom("\\x3a\\x9e\\x51\\x07\\x8c\\x2b';
  assert.is(r.stderr, parseWarning(1, 4, cut));
  includesAll(r.allowed, ['execve', 'brk', 'arch_prctl', 'getrandom']);
  const { lines, malformed, malformedSamples, unfinishedAtEnd } = r.report.parse;
  assert.equal({ lines, malformed, malformedSamples, unfinishedAtEnd }, { lines: 4, malformed: 1, malformedSamples: [cut], unfinishedAtEnd: 1 });
});

cli('binary-garbage.log: NUL bytes, invalid UTF-8 and terminal controls are sampled, never echoed raw', async () => {
  const r = await learn(trace('binary-garbage.log'));
  assert.is(r.stderr, 'seccomp-learner: warning: 28 of 33 trace lines could not be parsed (first: "\\u00c2\\u009b31m")\n');
  assert.not.match(r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\uffff]/, 'stderr holds only printable ASCII');
  includesAll(r.allowed, ['openat', 'read', 'close', 'exit_group']);
  assert.is(r.report.parse.malformed, 28);
  assert.is(r.report.parse.malformedSamples.length, 10);
  assert.ok(r.report.parse.malformedSamples.every((s: string) => s.length <= 200));
});

cli('a 20 MB single line is one call, a 20 MB garbage line one short sample', async () => {
  const dir = tempDir('sl-hostile-');
  const size = 20 * 1024 * 1024;
  const file = path.join(dir, 'in', 'huge.log');
  mkdirSync(path.dirname(file));
  writeFileSync(file, `4242  write(1, "${'A'.repeat(size)}", ${size}) = ${size}\n${'\u0001garbage'.repeat(size / 8)}\n4242  exit_group(0) = ?\n`);
  try {
    const r = await learn(file, { dir });
    assert.is(r.stderr, parseWarning(1, 3, '\u0001garbage'.repeat(25)));
    includesAll(r.allowed, ['write', 'exit_group']);
    assert.is(r.report.parse.lines, 3);
    assert.is(r.report.parse.malformedSamples[0].length, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

cli('crlf.log: CRLF line ends learn the same profile as LF', async () => {
  const dir = tempDir('sl-hostile-');
  const lf = path.join(dir, 'lf.log');
  writeFileSync(lf, readFileSync(trace('crlf.log'), 'utf8').replaceAll('\r\n', '\n'));
  const [crlf, plain] = [await runCli(['learn', trace('crlf.log')]), await runCli(['learn', lf])];
  assert.is(crlf.code, 0, crlf.stderr);
  assert.is(crlf.stderr, '');
  assert.is(crlf.stdout, plain.stdout);
  assert.ok(JSON.parse(crlf.stdout).syscalls[0].names.includes('pipe2'));
});

cli('resumed-without-unfinished.log: halves with no first half still count as calls', async () => {
  const r = await learn(trace('resumed-without-unfinished.log'));
  assert.is(r.stderr, '');
  includesAll(r.allowed, ['clock_nanosleep', 'futex', 'getrandom', 'write']);
  assert.is(r.report.parse.malformed, 0);
});

cli('unfinished-never-resumed.log: calls that never returned are allowed and reported as unfinished', async () => {
  const r = await learn(trace('unfinished-never-resumed.log'));
  assert.is(r.stderr, '');
  includesAll(r.allowed, ['execve', 'clone', 'wait4', 'clock_nanosleep']);
  assert.is(r.report.parse.unfinishedAtEnd, 2);
});

cli('prototype-names.log: __proto__, constructor and friends are rejected by name, not turned into keys', async () => {
  const r = await learn(trace('prototype-names.log'));
  assert.is(r.stderr, '');
  assert.equal(
    r.report.rejected.map((note: { name: string }) => note.name),
    ['__defineGetter__', '__proto__', 'constructor', 'hasOwnProperty', 'prototype', 'toString', 'valueOf'],
  );
  assert.ok(r.report.rejected.every((note: { reason: string }) => note.reason === 'not a syscall on x86_64'));
  includesAll(r.allowed, ['execve', 'getpid']);
  assert.not.ok(JSON.stringify(JSON.parse(readFileSync(path.join(r.dir, 'p.json'), 'utf8'))).includes('proto'), 'the profile names none of them');
  assert.equal(r.report.commands, [{ command: '__proto__', processes: 1 }]);
});

cli('syscall-0xffffffff.log: numbers no table knows are reported, a known one is named', async () => {
  const r = await learn(trace('syscall-0xffffffff.log'));
  assert.is(r.stderr, '');
  assert.equal(r.report.unresolvedNumbers, { syscall_0x: 1, syscall_0xffffffff: 2, syscall_0xffffffffffffffff: 1, syscall_4294967295: 1 });
  includesAll(r.allowed, ['getpid']);
  assert.not.ok(r.allowed.some((name) => name.startsWith('syscall_')));
});

cli('ten-digit-pids.log: 10-digit pids are kept exactly, an 11-digit one makes its line unparsable', async () => {
  const r = await learn(trace('ten-digit-pids.log'));
  assert.is(r.stderr, parseWarning(1, 12, '99999999999  getgid()                      = 0'));
  const firstPid = (name: string) => r.report.syscalls.find((s: { name: string }) => s.name === name)?.firstPid;
  assert.equal([firstPid('execve'), firstPid('getppid'), firstPid('wait4'), firstPid('getuid')], [9999999999, 4294967295, 9999999999, 9999999999]);
  assert.is(r.report.summary.processes, 2);
  assert.not.ok(r.allowed.includes('getgid'));
});

cli('mixed-strace-versions.log: lines of strace 4.x, 5.x and 6.x in one log all parse', async () => {
  const r = await learn(trace('mixed-strace-versions.log'));
  assert.is(r.stderr, '');
  assert.is(r.report.parse.malformed, 0);
  includesAll(r.allowed, ['fstat', 'clock_nanosleep', 'rt_sigaction', 'rseq', 'newfstatat', 'openat2']);
  assert.equal(r.report.unresolvedNumbers, { syscall_0x1ff: 1, syscall_511: 1 });
});

cli('empty.log: warns that the trace is empty and still writes a valid profile', async () => {
  const r = await learn(trace('empty.log'));
  assert.is(r.stderr, 'seccomp-learner: warning: the trace is empty\n');
  assert.is(r.report.parse.lines, 0);
});

cli('not-strace.log: says that no line is strace output, once', async () => {
  const r = await learn(trace('not-strace.log'));
  const first = readFileSync(trace('not-strace.log'), 'utf8').split('\n')[0] as string;
  assert.is(r.stderr, `seccomp-learner: warning: none of the 5 lines could be parsed as strace output (first: ${JSON.stringify(first)}); is this a strace log?\n`);
  assert.is(r.report.parse.malformed, 5);
});

cli('a log naming thousands of forged calls stays small and says so', async () => {
  const dir = tempDir('sl-hostile-');
  const file = path.join(dir, 'in', 'forged.log');
  mkdirSync(path.dirname(file));
  writeFileSync(file, `${Array.from({ length: 5000 }, (_, i) => `4242  forged_${i}() = 0`).join('\n')}\n4242  getpid() = 4242\n`);
  const r = await learn(file, { dir });
  assert.is(
    r.stderr,
    'seccomp-learner: warning: the trace names more than 1024 different non-syscalls, syscall numbers or programs (corrupt or forged?); 3976 calls were counted without being listed in the report\n',
  );
  assert.is(r.report.rejected.length, 1024);
  assert.equal(r.report.overflow, { unknownNames: 3976, unresolvedNumbers: 0, commands: 0, errors: 0, processes: 0 });
  includesAll(r.allowed, ['getpid']);
});

cli('a log naming 100 000 pids mid-call that never exit is followed within bounds and says so', async () => {
  const dir = tempDir('sl-hostile-');
  const file = path.join(dir, 'in', 'pids.log');
  mkdirSync(path.dirname(file));
  const count = 100_000;
  writeFileSync(file, `${Array.from({ length: count }, (_, i) => `${1_000_000 + i}  read(3,  <unfinished ...>`).join('\n')}\n`);
  const r = await learn(file, { dir });
  assert.is(
    r.stderr,
    `seccomp-learner: warning: the trace has more than 65536 processes alive at once (corrupt or forged?); ${count - 65536} were no longer followed, so their later calls count as native-arch calls without a command\n`,
  );
  assert.is(r.report.parse.unfinishedAtEnd, count);
  assert.is(r.report.overflow.processes, count - 65536);
  includesAll(r.allowed, ['read']);
});

cli('a directory given as a log is exit 2 naming it, and nothing is written', async () => {
  const dir = tempDir('sl-hostile-');
  mkdirSync(path.join(dir, 'logs'));
  const r = await runCli(['learn', 'logs', '-o', 'p.json'], { cwd: dir });
  assert.is(r.code, 2);
  assert.is(r.stderr, 'seccomp-learner: cannot read logs: is a directory, expected a strace log\n');
  assert.equal(filesUnder(dir), ['logs/']);
});

const inProcess = suite('hostile traces in-process keep Object.prototype clean');

async function learnInProcess(text: string): Promise<void> {
  const learner = new Learner({ nativeArch: 'x86_64' });
  const stats = await parseStream(Readable.from([Buffer.from(text, 'latin1')]), learner.onEvent);
  learner.finish(stats);
}

inProcess('parseLine never throws on any line of the corpus', () => {
  for (const file of corpusFiles('traces')) {
    for (const line of readFileSync(trace(file), 'latin1').split('\n')) {
      const event = parseLine(line);
      assert.type(event.kind, 'string');
    }
    assertPrototypeClean(`parseLine over ${file}`);
  }
});

inProcess('TraceParser, Aggregator, buildPolicy and buildReport over each file', () => {
  for (const file of corpusFiles('traces')) {
    const aggregator = new Aggregator('x86_64');
    const parser = new TraceParser((event) => aggregator.add(event));
    for (const line of readFileSync(trace(file), 'latin1').split('\n')) parser.push(line);
    parser.end({ cutOff: true });
    const policy = buildPolicy(aggregator.set);
    const report = buildReport(aggregator.set, policy, parser.stats);
    JSON.stringify(report);
    assertPrototypeClean(file);
  }
});

inProcess('the names themselves land in Maps, and the report carries them as data', async () => {
  const aggregator = new Aggregator('x86_64');
  const parser = new TraceParser((event) => aggregator.add(event));
  for (const line of readFileSync(trace('prototype-names.log'), 'utf8').split('\n')) parser.push(line);
  parser.end();
  assert.is(aggregator.set.usage.get('__proto__')?.count, 1);
  assert.is(aggregator.set.usage.get('__defineGetter__')?.count, 1);
  assert.is(aggregator.set.usage.get('constructor')?.errors.get('ENOSYS'), 1);
  const report = buildReport(aggregator.set, buildPolicy(aggregator.set), parser.stats);
  assert.is(Object.getPrototypeOf(report.syscalls.find((s) => s.name === 'constructor')?.errors), null);
  assertPrototypeClean('prototype-names.log');
});

inProcess('a whole file streamed through the learner, as learn does', async () => {
  for (const file of corpusFiles('traces')) {
    const learner = new Learner({ nativeArch: 'x86_64' });
    learner.finish(await parseStream(createReadStream(trace(file)), learner.onEvent));
    assertPrototypeClean(file);
  }
  await learnInProcess('4242  __proto__(0) = 0\n4242  <... constructor resumed>) = 0\n{"__proto__": {"polluted": true}}\n');
  assertPrototypeClean('forged lines');
});

cli.run();
inProcess.run();
