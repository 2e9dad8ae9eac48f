import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_PENDING_CALLS, parseStream, pidFromFfName, TraceParser } from '../../src/strace/stream.js';
import type { ParseStats, StitchedEvent } from '../../src/strace/stream.js';
import { fixturePath, readFixture } from '../helpers.js';
import { MAX_LINE_LENGTH } from '../../src/strace/splitter.js';

interface Parsed {
  events: StitchedEvent[];
  stats: ParseStats;
}

function parseLines(lines: string[], options?: { pid?: number }): Parsed {
  const events: StitchedEvent[] = [];
  const parser = new TraceParser((event) => events.push(event), options);
  for (const line of lines) parser.push(line);
  parser.end();
  return { events, stats: parser.stats };
}

async function parseChunks(chunks: string[], options?: { pid?: number }): Promise<Parsed> {
  const events: StitchedEvent[] = [];
  const input = Readable.from(chunks.map((chunk) => Buffer.from(chunk, 'utf8')), { objectMode: false });
  const stats = await parseStream(input, (event) => events.push(event), options);
  return { events, stats };
}

function fixtureLines(file: string): string[] {
  return readFixture('strace', file).split('\n').filter((line) => line !== '');
}

function chunked(text: string, sizes: () => number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = Math.min(text.length, start + sizes());
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
}

const Stitching = suite('stitching unfinished and resumed halves');

Stitching('halves interleaved across two pids become two whole calls', () => {
  const { events, stats } = parseLines([
    '8187  close(3 <unfinished ...>',
    '8186  newfstatat(AT_FDCWD, "/root/.pyenv/plugins/pyenv-virtualenv/shims/cat",  <unfinished ...>',
    '8187  <... close resumed>)              = 0',
    '8186  <... newfstatat resumed>0x7fff89b0bac0, 0) = -1 ENOENT (No such file or directory)',
  ]);
  assert.equal(events, [
    { kind: 'syscall', pid: 8187, name: 'close', args: '3', result: { value: '0' } },
    {
      kind: 'syscall', pid: 8186, name: 'newfstatat',
      args: 'AT_FDCWD, "/root/.pyenv/plugins/pyenv-virtualenv/shims/cat", 0x7fff89b0bac0, 0',
      result: { value: '-1', errno: 'ENOENT' },
    },
  ]);
  assert.is(stats.unfinishedAtEnd, 0);
});

Stitching('a whole multi-process log gives one call per call line, each with its result', () => {
  for (const file of ['follow-file.log', 'threads.log', 'combined.log']) {
    const lines = fixtureLines(file);
    const calls = lines.filter((line) => !line.includes(' <... ') && !line.includes(' +++ ') && !line.includes(' --- ')).length;
    const { events, stats } = parseLines(lines);
    const syscalls = events.filter((event) => event.kind === 'syscall');
    assert.is(syscalls.length, calls, file);
    assert.ok(syscalls.every((event) => event.result !== undefined), file);
    assert.is(stats.unfinishedAtEnd, 0, file);
    assert.is(stats.malformed, 0, file);
  }
});

Stitching('a stitched call keeps the -n number of its first half', () => {
  const { events } = parseLines(fixtureLines('combined.log'));
  assert.equal(events.find((event) => event.kind === 'syscall' && event.name === 'set_robust_list' && event.pid === 8265), {
    kind: 'syscall', pid: 8265, name: 'set_robust_list', number: 273, args: '0x7f585ce6da20, 24', result: { value: '0' },
  });
});

Stitching('a resumed half without a partner is still a call', () => {
  const { events, stats } = parseLines(['8283  <... execve resumed>)             = 0']);
  assert.equal(events, [{ kind: 'syscall', pid: 8283, name: 'execve', args: '', result: { value: '0' } }]);
  assert.is(stats.unfinishedAtEnd, 0);
});

Stitching('a resumed half naming another call does not steal the pending one', () => {
  const { events, stats } = parseLines(['8187  close(3 <unfinished ...>', '8187  <... dup2 resumed>)               = 1']);
  assert.equal(events, [
    { kind: 'syscall', pid: 8187, name: 'close', args: '3', result: undefined },
    { kind: 'syscall', pid: 8187, name: 'dup2', args: '', result: { value: '1' } },
  ]);
  assert.is(stats.unfinishedAtEnd, 1);
});

Stitching('a call never resumed is emitted at the end without a result', () => {
  const { events, stats } = parseLines(['8186  newfstatat(AT_FDCWD, "/root/.pyenv/shims/cat",  <unfinished ...>', '8187  +++ exited with 0 +++']);
  assert.equal(events, [
    { kind: 'exit', pid: 8187, how: 'exited', code: 0 },
    { kind: 'syscall', pid: 8186, name: 'newfstatat', args: 'AT_FDCWD, "/root/.pyenv/shims/cat", ', result: undefined },
  ]);
  assert.is(stats.unfinishedAtEnd, 1);
});

Stitching('a pid starting another call gives up its pending one first', () => {
  const { events } = parseLines(['8187  close(3 <unfinished ...>', '8187  brk(NULL)                         = 0x55b8b9cae000']);
  assert.equal(events, [
    { kind: 'syscall', pid: 8187, name: 'close', args: '3', result: undefined },
    { kind: 'syscall', pid: 8187, name: 'brk', args: 'NULL', result: { value: '0x55b8b9cae000' } },
  ]);
});

Stitching('an exit gives up the pending call and forgets the pid', () => {
  const { events, stats } = parseLines(['8187  close(3 <unfinished ...>', '8187  +++ exited with 0 +++', '8187  <... close resumed>)              = 0']);
  assert.equal(events, [
    { kind: 'syscall', pid: 8187, name: 'close', args: '3', result: undefined },
    { kind: 'exit', pid: 8187, how: 'exited', code: 0 },
    { kind: 'syscall', pid: 8187, name: 'close', args: '', result: { value: '0' } },
  ]);
  assert.is(stats.unfinishedAtEnd, 1);
});

Stitching('an execve by a thread resumes under the leader that it superseded', () => {
  const { events, stats } = parseLines(fixtureLines('superseded.log'));
  const execves = events.filter((event) => event.kind === 'syscall' && event.name === 'execve');
  assert.equal(execves[1], {
    kind: 'syscall', pid: 8283, name: 'execve', args: '"/bin/true", ["true"], 0x7ffe3fcdc430 /* 39 vars */', result: { value: '0' },
  });
  assert.is(execves.length, 2);
  assert.is(stats.unfinishedAtEnd, 0);
});

Stitching('halves on both sides of a [pid N] prefix change are joined', () => {
  const { events, stats } = parseLines(fixtureLines('follow-stderr.log'));
  assert.ok(
    events.some((event) => event.kind === 'syscall' && event.pid === 8192 && event.name === 'newfstatat'
      && event.args === 'AT_FDCWD, "/usr/sbin/cat", 0x7ffc409387f0, 0'),
  );
  const wait4 = events.filter((event) => event.kind === 'syscall' && event.name === 'wait4');
  assert.equal(wait4.map((event) => event.kind === 'syscall' && [event.pid, event.result?.value]), [
    [8192, '8193'],
    [8192, '8194'],
    [undefined, '-1'],
  ]);
  assert.is(stats.unfinishedAtEnd, 2, 'the two clone lines cut by "strace: Process N attached"');
  assert.is(stats.malformed, 2, 'the two tails of the cut clone lines');
});

Stitching('the parser output holds no unfinished, resumed or malformed events', () => {
  const { events } = parseLines([...fixtureLines('attach.log'), ...fixtureLines('follow-stderr.log')]);
  assert.ok(events.every((event) => ['syscall', 'signal', 'exit', 'personality', 'info'].includes(event.kind)));
});

Stitching.run();

const PerProcess = suite('-ff files');

PerProcess('pidFromFfName reads the numeric suffix of a -ff file name', () => {
  assert.is(pidFromFfName('trace.12345'), 12345);
  assert.is(pidFromFfName('/var/tmp/run.1/trace.8201'), 8201);
  assert.is(pidFromFfName('trace.log'), undefined);
  assert.is(pidFromFfName('trace'), undefined);
  assert.is(pidFromFfName('12345'), undefined);
  assert.is(pidFromFfName('trace.0'), undefined);
  assert.is(pidFromFfName('trace.12345678901'), undefined);
  assert.is(pidFromFfName('trace.'), undefined);
});

PerProcess('lines of a -ff file get the pid of the file name', async () => {
  const file = fixturePath('strace', 'ff', 'trace.8201');
  const events: StitchedEvent[] = [];
  const stats = await parseStream(createReadStream(file), (event) => events.push(event), { pid: pidFromFfName(file) });
  assert.is(stats.lines, 7);
  assert.equal(events[0], { kind: 'syscall', pid: 8201, name: 'set_robust_list', args: '0x7fa4c38fea20, 24', result: { value: '0' } });
  assert.equal(events.at(-1), { kind: 'exit', pid: 8201, how: 'exited', code: 0 });
  assert.ok(events.every((event) => event.pid === 8201));
});

PerProcess('a prefixed line keeps its own pid', () => {
  const { events } = parseLines(['8187  close(4) = 0'], { pid: 1 });
  assert.equal(events, [{ kind: 'syscall', pid: 8187, name: 'close', args: '4', result: { value: '0' } }]);
});

PerProcess.run();

const Streaming = suite('streams');

Streaming('a log split at any byte gives the same events as in one piece', async () => {
  const text = `${fixtureLines('follow-file.log').slice(50, 66).join('\n')}\n`;
  const whole = await parseChunks([text]);
  assert.is(whole.events.length, 11);
  for (let cut = 1; cut < text.length; cut++) {
    const split = await parseChunks([text.slice(0, cut), text.slice(cut)]);
    assert.equal(split.events, whole.events, `cut at ${cut}`);
    assert.equal(split.stats, whole.stats, `cut at ${cut}`);
  }
});

Streaming('a log in random small chunks gives the same events as in one piece', async () => {
  for (const file of ['combined.log', 'strings.log', 'attach.log']) {
    const text = readFixture('strace', file);
    const whole = await parseChunks([text]);
    for (const seed of [1, 2, 3]) {
      const random = seeded(seed);
      const split = await parseChunks(chunked(text, () => 1 + (random() % 300)));
      assert.equal(split.events, whole.events, `${file} seed ${seed}`);
      assert.equal(split.stats, whole.stats, `${file} seed ${seed}`);
    }
    const bytes = await parseChunks(chunked(text, () => 1));
    assert.equal(bytes.events, whole.events, `${file} in 1-byte chunks`);
  }
});

Streaming('a last line without newline is parsed', async () => {
  const { events, stats } = await parseChunks(['8187  +++ exited with 0 +++\n8186  +++ exited with 1 +++']);
  assert.equal(events, [
    { kind: 'exit', pid: 8187, how: 'exited', code: 0 },
    { kind: 'exit', pid: 8186, how: 'exited', code: 1 },
  ]);
  assert.is(stats.lines, 2);
  assert.is(stats.bytes, 55, 'no newline is counted after the last line');
});

Streaming('a chunk of several hundred KiB gives the same events as the lines one by one', async () => {
  const text = readFixture('strace', 'threads.log').repeat(10);
  assert.ok(text.length > 300 * 1024);
  const big = await parseChunks([text]);
  const alone = parseLines(text.split('\n').slice(0, -1));
  assert.equal(big.events, alone.events);
  assert.equal(big.stats, alone.stats);
});

Streaming('CRLF line endings give the same events as LF', async () => {
  const text = readFixture('strace', 'follow-file.log');
  const lf = await parseChunks([text]);
  const crlf = await parseChunks([text.replaceAll('\n', '\r\n')]);
  assert.equal(crlf.events, lf.events);
  assert.is(crlf.stats.malformed, 0);
});

Streaming('stats count lines and bytes', async () => {
  const text = readFixture('strace', 'threads.log');
  const { stats } = await parseChunks([text]);
  assert.is(stats.lines, text.split('\n').length - 1);
  assert.is(stats.bytes, Buffer.byteLength(text));
});

Streaming('an empty stream gives no events and zero counts', async () => {
  const { events, stats } = await parseChunks([]);
  assert.equal(events, []);
  assert.equal(stats, { lines: 0, bytes: 0, malformed: 0, samples: [], unfinishedAtEnd: 0 });
});

Streaming('a stream error rejects with that error', async () => {
  const failure = new Error('disk gone');
  const input = new Readable({
    read() {
      this.push('8187  +++ exited with 0 +++\n');
      this.destroy(failure);
    },
  });
  try {
    await parseStream(input, () => {});
    assert.unreachable('parseStream resolved');
  } catch (error) {
    assert.is(error, failure);
  }
});

Streaming('an error thrown by onEvent rejects the parse', async () => {
  const failure = new Error('consumer broke');
  try {
    await parseStream(Readable.from([Buffer.from('8187  +++ exited with 0 +++\n')]), () => {
      throw failure;
    });
    assert.unreachable('parseStream resolved');
  } catch (error) {
    assert.is(error, failure);
  }
});

Streaming.run();

const Hostile = suite('hostile input in a stream');

Hostile('garbage, NUL bytes and __proto__ are counted, not thrown, and sampled at most 10 times', async () => {
  const garbage = Array.from({ length: 15 }, (_, i) => `garbage ${i} \u0000\u0001 ${'x'.repeat(300)}`);
  const lines = [
    '8187  __proto__(1) = 0',
    '__proto__',
    ...garbage,
    '\u0000\u0000\u0000',
    '8187  +++ exited with 0 +++',
  ];
  const { events, stats } = await parseChunks([lines.join('\n')]);
  assert.equal(events, [
    { kind: 'syscall', pid: 8187, name: '__proto__', args: '1', result: { value: '0' } },
    { kind: 'exit', pid: 8187, how: 'exited', code: 0 },
  ]);
  assert.is(stats.malformed, 17);
  assert.is(stats.samples.length, 10);
  assert.equal(stats.samples[0], { kind: 'malformed', text: '__proto__', reason: 'expected "name(" at the start of the syscall' });
  assert.ok(stats.samples.every((sample) => sample.text.length <= 200));
  assert.is(stats.samples[1]?.text, garbage[0]?.slice(0, 200));
});

Hostile('a 20 MB line in the middle of a log is one line', async () => {
  const huge = `8186  write(1, "${'a'.repeat(20 * 1024 * 1024)}", 20971520) = 20971520`;
  const text = `8186  brk(NULL) = 0x1\n${huge}\n8186  +++ exited with 0 +++\n`;
  const { events, stats } = await parseChunks(chunked(text, () => 64 * 1024));
  assert.equal(events.map((event) => event.kind === 'syscall' ? event.name : event.kind), ['brk', 'write', 'exit']);
  assert.is(stats.lines, 3);
});

Hostile('a last line cut inside a call counts the call as unfinished, and the line as malformed', async () => {
  const text = '4242  brk(NULL) = 0x1\n4242  getrandom("\\x3a\\x9e';
  for (const chunks of [[text], chunked(text, () => 3)]) {
    const { events, stats } = await parseChunks(chunks);
    assert.equal(events, [
      { kind: 'syscall', pid: 4242, name: 'brk', args: 'NULL', result: { value: '0x1' } },
      { kind: 'syscall', pid: 4242, name: 'getrandom', args: '"\\x3a\\x9e', result: undefined },
    ]);
    assert.equal([stats.lines, stats.malformed, stats.unfinishedAtEnd], [2, 1, 1]);
  }
});

Hostile('the same line followed by a newline is only malformed: strace finished writing it', async () => {
  const { events, stats } = await parseChunks(['4242  getrandom("\\x3a\\x9e\n']);
  assert.equal(events, []);
  assert.equal([stats.malformed, stats.unfinishedAtEnd], [1, 0]);
});

Hostile('a cut last line naming no call stays malformed, and an earlier malformed line is not revived', async () => {
  const { events, stats } = await parseChunks(['4242  read(3, "a\n4242  brk(NULL) = 0x1\n4242  getrand']);
  assert.equal(events, [{ kind: 'syscall', pid: 4242, name: 'brk', args: 'NULL', result: { value: '0x1' } }]);
  assert.equal([stats.malformed, stats.unfinishedAtEnd], [2, 0]);
});

Hostile('a line longer than MAX_LINE_LENGTH is cut and counted, its bytes still counted in full', async () => {
  const endless = 'x'.repeat(MAX_LINE_LENGTH + 3 * 65536);
  const { events, stats } = await parseChunks([...chunked(endless, () => 65536), '\n4242  brk(NULL) = 0x1\n']);
  assert.equal(events, [{ kind: 'syscall', pid: 4242, name: 'brk', args: 'NULL', result: { value: '0x1' } }]);
  assert.equal([stats.lines, stats.malformed, stats.bytes], [2, 1, endless.length + 1 + 21 + 1]);
  assert.is(stats.samples[0]?.text, 'x'.repeat(200));
});

Hostile('pids left mid-call are held up to MAX_PENDING_CALLS, the oldest given up as a call without result', () => {
  const lines = Array.from({ length: MAX_PENDING_CALLS + 10 }, (_, i) => `${i + 1}  read(3,  <unfinished ...>`);
  lines.push(`${MAX_PENDING_CALLS + 10}  <... read resumed>"", 1) = 0`);
  const { events, stats } = parseLines(lines);
  assert.is(events.length, MAX_PENDING_CALLS + 10);
  assert.equal(events[0], { kind: 'syscall', pid: 1, name: 'read', args: '3, ', result: undefined });
  assert.equal(events.find((event) => event.kind === 'syscall' && event.pid === MAX_PENDING_CALLS + 10), {
    kind: 'syscall', pid: MAX_PENDING_CALLS + 10, name: 'read', args: '3, "", 1', result: { value: '0' },
  });
  assert.is(stats.unfinishedAtEnd, MAX_PENDING_CALLS + 9);
});

Hostile.run();
