// What `check` costs on a syscall-heavy workload: the same dd natively, under `check` with a profile
// that fits (learned first with `record`), and under a full `strace -f` for comparison.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkHost } from '../src/check/host.js';
import { traceFilter } from '../src/check/trace-filter.js';
import { nativeArch } from '../src/syscalls/arch.js';
import { readProfileFile } from '../src/profile/read-file.js';
import type { BenchRow } from './table.js';

const COUNT = 300_000;
// status=none only drops dd's closing summary line, so the bench table stays readable.
const WORKLOAD = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${COUNT}`, 'status=none'];
// The same calls in a run short enough to record quickly: dd's syscall set does not depend on count.
const LEARNING_RUN = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=1000', 'status=none'];
const RUNS = 5;
// Four times the work: the CLI's fixed start-up weighs a quarter as much.
const LONG_COUNT = 4 * COUNT;
const LONG_WORKLOAD = WORKLOAD.map((arg) => (arg === `count=${COUNT}` ? `count=${LONG_COUNT}` : arg));

const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);

async function seconds(task: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchCheck(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seccomp-learner-bench-check-'));
  try {
    const profileFile = path.join(dir, 'dd.json');
    await run(process.execPath, [cli, 'record', '-o', profileFile, '--', ...LEARNING_RUN]);
    const { profile } = await readProfileFile(profileFile);

    const native: number[] = [];
    const checkCli: number[] = [];
    const checkTraced: number[] = [];
    const bareFiltered: number[] = [];
    const fixedCost: number[] = [];
    const cliFixedCost: number[] = [];
    const nativeLong: number[] = [];
    const checkCliLong: number[] = [];
    const filterFlags = traceFilter(profile, nativeArch()).flags;
    let tracedLines = 0;
    // Interleaved, so a busy machine slows every variant alike.
    for (let i = 0; i < RUNS; i++) {
      native.push(await seconds(() => run(WORKLOAD[0]!, WORKLOAD.slice(1))));
      checkCli.push(await seconds(() => run(process.execPath, [cli, 'check', '--profile', profileFile, '--', ...WORKLOAD])));
      checkTraced.push(
        await seconds(async () => {
          const result = await checkHost({ profile, command: WORKLOAD });
          if (!result.findings.fits) throw new Error(`the learned profile does not fit: ${result.findings.newSyscalls.map((s) => s.name).join(', ')}`);
          tracedLines = result.stats.lines;
        }),
      );
      // strace alone with the same filter: what the kernel and strace cost, without the learner.
      bareFiltered.push(await seconds(() => run('strace', ['-f', ...filterFlags, '-o', '/dev/null', '--', ...WORKLOAD])));
      // What checkHost costs whatever the workload: the strace probe, the FIFO, starting strace.
      fixedCost.push(await seconds(() => checkHost({ profile, command: ['true'] })));
      // And the whole CLI: Node's start, loading the check modules, reading the profile, the report.
      cliFixedCost.push(await seconds(() => run(process.execPath, [cli, 'check', '--profile', profileFile, '--', 'true'])));
      nativeLong.push(await seconds(() => run(LONG_WORKLOAD[0]!, LONG_WORKLOAD.slice(1))));
      checkCliLong.push(await seconds(() => run(process.execPath, [cli, 'check', '--profile', profileFile, '--', ...LONG_WORKLOAD])));
    }
    const fullStrace = await seconds(() => run('strace', ['-f', '-o', '/dev/null', '--', ...WORKLOAD]));

    const nativeSeconds = median(native);
    const yardstick = `native dd ${nativeSeconds.toFixed(2)} s`;
    const row = (name: string, value: number): BenchRow => ({ name, value, unit: 's', yardstick, ratio: value / nativeSeconds });
    return [
      { name: `check: dd bs=1 count=${COUNT} native`, value: nativeSeconds, unit: 's' },
      row('check: checkHost (strace --seccomp-bpf run)', median(checkTraced)),
      row('check: seccomp-learner check (whole CLI)', median(checkCli)),
      row('check: bare strace with the same filter', median(bareFiltered)),
      { name: 'check: checkHost fixed cost (workload `true`)', value: median(fixedCost), unit: 's' },
      { name: 'check: whole CLI fixed cost (workload `true`)', value: median(cliFixedCost), unit: 's' },
      { name: `check: dd bs=1 count=${LONG_COUNT} native`, value: median(nativeLong), unit: 's' },
      {
        name: `check: seccomp-learner check, count=${LONG_COUNT}`,
        value: median(checkCliLong),
        unit: 's',
        yardstick: `native dd ${median(nativeLong).toFixed(2)} s`,
        ratio: median(checkCliLong) / median(nativeLong),
      },
      row('check: strace -f -o /dev/null', fullStrace),
      { name: 'check: trace lines printed under check', value: tracedLines, unit: 'lines' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
