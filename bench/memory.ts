// Peak RSS of `seccomp-learner learn` as the log grows (250 MB, 500 MB, 1 GB of real captured
// lines), next to the same command on a 1 MB log: flat means the parser keeps no per-line state.
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './table.js';

const SIZES_MB = [250, 500, 1000];
const BASELINE_MB = 1;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);

// Every captured log in the repository, each ending in a newline: one block to repeat.
function fixtureBlock(): Buffer {
  const texts: string[] = [];
  for (const dir of ['fixtures/strace', 'fixtures/learn']) {
    for (const name of readdirSync(path.join(repoRoot, dir)).filter((n) => n.endsWith('.log')).sort()) {
      const text = readFileSync(path.join(repoRoot, dir, name), 'utf8');
      texts.push(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  return Buffer.from(texts.join(''));
}

// Appends whole blocks until the file holds at least `bytes`.
function growTo(file: string, block: Buffer, bytes: number): number {
  let size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  const fd = openSync(file, 'a');
  try {
    while (size < bytes) size += writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return size;
}

interface Measured {
  peakMb: number;
  seconds: number;
}

// GNU time reports the child's peak RSS (ru_maxrss, KiB) from wait4, so nothing is sampled or missed.
async function learnPeak(log: string, dir: string): Promise<Measured> {
  const rssFile = path.join(dir, 'rss.txt');
  const start = process.hrtime.bigint();
  await run('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, cli, 'learn', log, '-o', path.join(dir, 'profile.json')], { maxBuffer: 1 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kib = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10);
  return { peakMb: (kib * 1024) / 1e6, seconds };
}

export async function benchMemory(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seccomp-learner-bench-memory-'));
  try {
    const block = fixtureBlock();
    const baselineLog = path.join(dir, 'baseline.log');
    growTo(baselineLog, block, BASELINE_MB * 1e6);
    const baseline = await learnPeak(baselineLog, dir);
    const yardstick = `learn on ${BASELINE_MB} MB: ${baseline.peakMb.toFixed(1)} MB`;
    const rows: BenchRow[] = [{ name: `memory: learn peak RSS, ${BASELINE_MB} MB log`, value: baseline.peakMb, unit: 'MB' }];
    const log = path.join(dir, 'trace.log');
    for (const target of SIZES_MB) {
      const bytes = growTo(log, block, target * 1e6);
      const measured = await learnPeak(log, dir);
      rows.push(
        { name: `memory: learn peak RSS, ${target} MB log`, value: measured.peakMb, unit: 'MB', yardstick, ratio: measured.peakMb / baseline.peakMb },
        { name: `memory: learn throughput, ${target} MB log`, value: bytes / 1e6 / measured.seconds, unit: 'MB/s' },
      );
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
