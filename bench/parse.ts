// How fast the strace parser reads a large `strace -f -o` log, next to `wc -l` on the same file.
import { execFile } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import split2 from 'split2';
import { parseStream, READ_AHEAD_BYTES } from '../src/strace/stream.js';
import type { BenchRow } from './table.js';

const LOG_BYTES = 200 * 1024 * 1024;
// split2 gets the stream default it is normally used with; the reads-only row uses the parser's size.
const CHUNK_BYTES = 64 * 1024;
const ROUNDS = 5;
const SOURCE_FIXTURES = ['follow-file.log', 'threads.log', 'superseded.log', 'strings.log', 'combined-ttt.log'];

const fixturesDir = fileURLToPath(new URL('../../fixtures/strace/', import.meta.url));
const run = promisify(execFile);

// Real captured `-f -o` lines, repeated until the file is large enough to time.
function writeLog(file: string): number {
  const block = Buffer.from(SOURCE_FIXTURES.map((name) => readFileSync(path.join(fixturesDir, name), 'utf8')).join(''));
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    while (written < LOG_BYTES) written += writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return written;
}

interface Timing {
  wall: number;
  cpu: number;
}

async function timeOnce(task: () => Promise<unknown>): Promise<Timing> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  await task();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

function median(timings: Timing[]): Timing {
  const sorted = [...timings].sort((a, b) => a.wall - b.wall);
  return sorted[Math.floor(sorted.length / 2)] ?? { wall: Number.NaN, cpu: Number.NaN };
}

function fastest(timings: Timing[]): Timing {
  return timings.reduce((best, timing) => (timing.wall < best.wall ? timing : best));
}

function readAll(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(file, { highWaterMark: READ_AHEAD_BYTES }).on('data', () => {}).on('end', resolve).on('error', reject);
  });
}

export async function benchParse(): Promise<BenchRow[]> {
  const file = path.join(os.tmpdir(), `seccomp-learner-bench-${process.pid}.log`);
  try {
    const megabytes = writeLog(file) / 1e6;
    let lines = 0;
    let events = 0;
    const tasks = {
      wc: async () => {
        const { stdout } = await run('wc', ['-l', file]);
        lines = Number.parseInt(stdout, 10);
      },
      read: () => readAll(file),
      split: () => pipeline(createReadStream(file, { highWaterMark: CHUNK_BYTES }), split2('\n', () => undefined).resume()),
      parse: async () => {
        events = 0;
        await parseStream(createReadStream(file, { highWaterMark: READ_AHEAD_BYTES }), () => {
          events++;
        });
      },
    };
    // Rounds interleave the tasks so a load change on a shared machine hits all of them alike.
    const timings: Record<keyof typeof tasks, Timing[]> = { wc: [], read: [], split: [], parse: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(tasks) as (keyof typeof tasks)[]) timings[name].push(await timeOnce(tasks[name]));
    }
    const wc = median(timings.wc);
    const parse = median(timings.parse);
    const read = median(timings.read);
    const split = median(timings.split);
    const wcRate = `wc -l ${(megabytes / wc.wall).toFixed(0)} MB/s`;
    return [
      { name: 'parse: log size', value: megabytes, unit: 'MB' },
      { name: 'parse: parseStream throughput', value: megabytes / parse.wall, unit: 'MB/s', yardstick: wcRate, ratio: parse.wall / wc.wall },
      { name: 'parse: parseStream lines', value: lines / parse.wall, unit: 'lines/s' },
      { name: 'parse: parseStream time per line', value: (parse.wall / lines) * 1e9, unit: 'ns' },
      { name: 'parse: parseStream per CPU second', value: megabytes / parse.cpu, unit: 'MB/s' },
      { name: `parse: parseStream best of ${ROUNDS}`, value: megabytes / fastest(timings.parse).wall, unit: 'MB/s' },
      { name: 'parse: events emitted', value: events, unit: 'events' },
      { name: `parse: ${READ_AHEAD_BYTES / 1024} KiB reads, no parsing`, value: megabytes / read.wall, unit: 'MB/s', yardstick: wcRate, ratio: read.wall / wc.wall },
      { name: 'parse: piped split2, no parsing', value: megabytes / split.wall, unit: 'MB/s', yardstick: wcRate, ratio: split.wall / wc.wall },
      { name: 'parse: load average (1 min)', value: os.loadavg()[0] ?? Number.NaN, unit: `on ${os.cpus().length} CPUs` },
    ];
  } finally {
    rmSync(file, { force: true });
  }
}
