// What `record` adds to tracing itself: the whole CLI on a syscall-heavy workload next to a bare
// `strace -f -o /dev/null` of the same workload, interleaved runs, medians.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RECORD_STRACE_FLAGS } from '../src/record/host.js';
import type { BenchRow } from './table.js';

// Many small calls in one process, then many short processes: the two shapes a trace takes. Each
// runs ~5-10 s under strace, so the learner's fixed start-up (Node itself ≈ 0.15 s) is measured as
// part of a recording rather than as all of it; `true` shows that fixed part alone.
const WORKLOADS: { name: string; command: string[]; oneCpu?: boolean }[] = [
  { name: 'dd bs=1 count=100000', command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=100000', 'status=none'], oneCpu: true },
  { name: '400 × ls', command: ['sh', '-c', 'for i in $(seq 400); do ls / > /dev/null; done'] },
  { name: 'true', command: ['true'] },
];
const RUNS = 5;

const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);

async function seconds(file: string, args: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  await run(file, args, { maxBuffer: 16 << 20 });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

// Whether tracer and tracee share a CPU swings a bare strace run by up to 1.7x here; on one CPU for
// both variants that noise is gone, and the learner's own CPU time shows in full.
async function oneCpu(workload: { name: string; command: string[] }, profile: string): Promise<BenchRow[]> {
  const bare: number[] = [];
  const record: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await seconds('taskset', ['-c', '0', 'strace', '-f', '-o', '/dev/null', '--', ...workload.command]));
    record.push(await seconds('taskset', ['-c', '0', process.execPath, cli, 'record', '-o', profile, '--', ...workload.command]));
  }
  const yardstick = median(bare);
  return [
    { name: `record: ${workload.name} on one CPU, strace -f -o /dev/null`, value: yardstick, unit: 's' },
    {
      name: `record: ${workload.name} on one CPU, seccomp-learner record`,
      value: median(record),
      unit: 's',
      yardstick: `strace on one CPU ${yardstick.toFixed(2)} s`,
      ratio: median(record) / yardstick,
    },
  ];
}

export async function benchRecord(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seccomp-learner-bench-record-'));
  const rows: BenchRow[] = [];
  try {
    const profile = path.join(dir, 'profile.json');
    for (const workload of WORKLOADS) {
      const bare: number[] = [];
      const sameFlags: number[] = [];
      const record: number[] = [];
      // Interleaved, so a busy machine slows every variant alike.
      for (let i = 0; i < RUNS; i++) {
        bare.push(await seconds('strace', ['-f', '-o', '/dev/null', '--', ...workload.command]));
        sameFlags.push(await seconds('strace', [...RECORD_STRACE_FLAGS, '-o', '/dev/null', '--', ...workload.command]));
        record.push(await seconds(process.execPath, [cli, 'record', '-o', profile, '--', ...workload.command]));
      }
      const yardstick = median(bare);
      const row = (name: string, value: number): BenchRow => ({
        name: `record: ${workload.name}, ${name}`,
        value,
        unit: 's',
        yardstick: `strace -f -o /dev/null ${yardstick.toFixed(2)} s`,
        ratio: value / yardstick,
      });
      rows.push(
        { name: `record: ${workload.name}, strace -f -o /dev/null`, value: yardstick, unit: 's' },
        row("strace with record's flags", median(sameFlags)),
        row('seccomp-learner record (whole CLI)', median(record)),
      );
      if (workload.oneCpu) rows.push(...(await oneCpu(workload, profile)));
    }
    rows.push({ name: 'record: load average (1 min)', value: os.loadavg()[0] ?? Number.NaN, unit: `on ${os.cpus().length} CPUs` });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
