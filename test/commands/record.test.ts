import { existsSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { runCli, tempDir, type CliResult, type RunCliOptions } from '../cli.js';
import { repoRoot, skipUnless } from '../helpers.js';
import { awaitGone, liveProcesses, processesWith, uniqueSeconds } from '../processes.js';
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

record('-o /dev/null and --trace-out /dev/null write through the device and leave it a device', async () => {
  if (skipUnless(hasStrace, 'strace', 'record to /dev/null')) return;
  const r = await runCli(['record', '-o', '/dev/null', '--trace-out', '/dev/null', '--', 'true'], { cwd: tempDir() });
  assert.is(r.code, 0, r.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
});

record.run();

const faults = suite('record when something goes wrong: the profile, the exit status, nothing left behind');
const isRoot = process.getuid?.() === 0;
const seccompExec = path.join(repoRoot, 'tracer', 'build', 'seccomp-exec');

interface FaultRun {
  dir: string;
  run: CliResult;
  /** The CLI's own TMPDIR: where its trace FIFO lives. */
  tmp: string;
}

const GIVE_UP_MS = 20_000;

// Each run gets its own TMPDIR, so a leftover FIFO dir is this run's and no other test's. A recorder
// that never ends would keep the workload (and the test) waiting: after a while the workload is
// killed, so such a regression fails instead of hanging.
async function recordFault(args: string[], options: RunCliOptions & { token?: string } = {}): Promise<FaultRun> {
  const dir = tempDir();
  const tmp = tempDir('sl-tmpdir-');
  const { token, ...cliOptions } = options;
  const giveUp = token === undefined ? undefined : setTimeout(() => processesWith(token).forEach((p) => process.kill(p.pid, 'SIGKILL')), GIVE_UP_MS);
  try {
    const run = await runCli(['record', ...args], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, ...cliOptions });
    return { dir, run, tmp };
  } finally {
    clearTimeout(giveUp);
  }
}

// No workload process (found by its unique sleep), no strace of this run, no FIFO dir.
async function assertNothingLeft(fault: FaultRun, token: string): Promise<void> {
  assert.equal((await awaitGone(token)).map((p) => `${p.pid} ${p.argv.join(' ')}`), [], 'workload processes left behind');
  const straces = liveProcesses().filter((p) => p.name === 'strace' && p.argv.some((arg) => arg.startsWith(fault.tmp)));
  assert.equal(straces.map((p) => p.pid), [], 'strace left behind');
  assertTmpEmpty(fault);
}

function assertTmpEmpty(fault: FaultRun): void {
  assert.equal(readdirSync(fault.tmp), [], 'temp files left behind');
  rmdirSync(fault.tmp);
}

function straceOf(cliPid: number): number | undefined {
  return liveProcesses().find((p) => p.ppid === cliPid && p.name === 'strace')?.pid;
}

// Mounts a tmpfs for the test and always unmounts it.
async function withTmpfs(options: string, work: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir('sl-tmpfs-');
  await execa('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  try {
    await work(dir);
  } finally {
    await execa('umount', [dir]);
    rmdirSync(dir);
  }
}

const PROFILE_BEFORE = '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}\n';

faults('a workload that leaves a daemon behind: record says so at once, keeps tracing it, and Ctrl-C stops it and writes a partial profile', async () => {
  if (skipUnless(hasStrace, 'strace', 'record daemon')) return;
  const seconds = uniqueSeconds();
  let told = false;
  const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', `setsid sleep ${seconds} </dev/null >/dev/null 2>&1 & exit 0`], {
    token: seconds,
    onOutput: ({ stderr }, pid) => {
      if (told || !/still running and traced/.test(stderr)) return;
      told = true;
      process.kill(pid, 'SIGINT');
    },
  });
  assert.ok(told, `record did not say the daemon kept it going: ${fault.run.stderr}`);
  assert.match(fault.run.stderr, /seccomp-learner: sh exited, but 1 process\(es\) it started are still running and traced: \d+ \(sleep\)\n {2}the recording goes on until they exit; Ctrl-C \(or SIGTERM\) stops them and writes the profile\n/);
  assert.is(fault.run.code, 0, 'the main process exited 0');
  const report = readJson(path.join(fault.dir, 'r.json'));
  assert.is(report.partial, true);
  // The daemon's own calls were traced: sleep's nanosleep is in the profile.
  const names: string[] = readJson(path.join(fault.dir, 'p.json')).syscalls[0].names;
  assert.ok(names.includes('clock_nanosleep') || names.includes('nanosleep'), names.join(' '));
  await assertNothingLeft(fault, seconds);
});

faults('a background process that ends by itself ends the recording, and its calls are in a complete profile', async () => {
  if (skipUnless(hasStrace, 'strace', 'record background job')) return;
  const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', '(sleep 1.5; cat /dev/null) & exit 4']);
  assert.is(fault.run.code, 4, fault.run.stderr);
  assert.match(fault.run.stderr, /still running and traced: \d+ \(sh\)/);
  const report = readJson(path.join(fault.dir, 'r.json'));
  assert.is(report.partial, false);
  assert.ok(report.commands.some((c: { command: string }) => c.command === 'cat'), 'the background cat was traced');
  assertTmpEmpty(fault);
});

faults('strace killed mid-run: what was traced is written and marked partial, exit 3, the untraced workload is stopped', async () => {
  if (skipUnless(hasStrace, 'strace', 'record strace killed')) return;
  const seconds = uniqueSeconds();
  let killed = false;
  const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', `echo started; sleep ${seconds}; echo never`], {
    token: seconds,
    onOutput: ({ stdout }, pid) => {
      if (killed || !stdout.includes('started')) return;
      const strace = straceOf(pid);
      if (strace === undefined) return;
      killed = true;
      process.kill(strace, 'SIGKILL');
    },
  });
  assert.ok(killed, 'the test found no strace to kill');
  assert.is(fault.run.code, 3, fault.run.stderr);
  assert.not.match(fault.run.stdout, /never/);
  assert.match(fault.run.stderr, /seccomp-learner: stopped 2 workload process\(es\) strace no longer traced: \d+ \(sh\), \d+ \(sleep\)\n/);
  assert.match(fault.run.stderr, /the profile is partial: strace was killed by SIGKILL before the workload ended\n/);
  assert.match(fault.run.stderr, /seccomp-learner: strace was killed by SIGKILL before the workload ended\n {2}hint: the profile covers what was traced until then/);
  const report = readJson(path.join(fault.dir, 'r.json'));
  assert.equal([report.partial, report.tracerFailure, report.workload.exitCode], [true, 'strace was killed by SIGKILL before the workload ended', null]);
  assert.ok(readJson(path.join(fault.dir, 'p.json')).syscalls[0].names.includes('execve'));
  await assertNothingLeft(fault, seconds);
});

faults('ptrace forbidden (the learner under a seccomp filter that denies it): one error line with the fix, exit 3, the workload never runs', async () => {
  if (skipUnless(hasStrace, 'strace', 'record ptrace forbidden') || skipUnless(existsSync(seccompExec), 'tracer/build/seccomp-exec (npm run build)', 'record ptrace forbidden')) return;
  const spec = path.join(tempDir(), 'no-ptrace.spec');
  writeFileSync(spec, 'seccomp-exec-spec 1\ndefault allow 0\nrule errno 1 ptrace\n');
  const fault = await recordFault(['-o', 'p.json', '--', 'sh', '-c', 'echo ran'], { wrapper: [seccompExec, spec, '--'] });
  assert.is(fault.run.code, 3, fault.run.stderr);
  assert.is(fault.run.stdout, '');
  assert.match(
    fault.run.stderr,
    /^seccomp-learner: strace cannot trace here: ptrace is not permitted \(strace: ptrace\(PTRACE_TRACEME, \.\.\.\): Operation not permitted\)\n {2}hint: the learner runs under a seccomp filter that denies ptrace \(a container's profile\?\): run it with --cap-add SYS_PTRACE --security-opt seccomp=unconfined, or record from the host\n$/,
  );
  assert.not.ok(existsSync(path.join(fault.dir, 'p.json')));
  assertTmpEmpty(fault);
});

faults('an output directory on a read-only file system: exit 2 before the workload runs, the old profile untouched', async () => {
  if (skipUnless(hasStrace, 'strace', 'record read-only output') || skipUnless(isRoot, 'root (mounts a tmpfs)', 'record read-only output')) return;
  await withTmpfs('size=64k', async (mount) => {
    writeFileSync(path.join(mount, 'p.json'), PROFILE_BEFORE);
    await execa('mount', ['-o', 'remount,ro', mount]);
    const fault = await recordFault(['-o', path.join(mount, 'p.json'), '--', 'sh', '-c', 'echo ran']);
    assert.is(fault.run.code, 2, fault.run.stderr);
    assert.is(fault.run.stdout, '', 'the workload did not run');
    assert.is(fault.run.stderr, `seccomp-learner: cannot write ${mount}/p.json: the file system is read-only (EROFS)\n  hint: choose a path on a writable file system, or remount it read-write\n`);
    assert.is(readFileSync(path.join(mount, 'p.json'), 'utf8'), PROFILE_BEFORE);
    assert.equal(readdirSync(mount), ['p.json']);
    assertTmpEmpty(fault);
  });
});

faults('a full disk at the write: exit 2 naming ENOSPC, the old profile intact and no temp file', async () => {
  if (skipUnless(hasStrace, 'strace', 'record disk full') || skipUnless(isRoot, 'root (mounts a tmpfs)', 'record disk full')) return;
  await withTmpfs('size=12k', async (mount) => {
    writeFileSync(path.join(mount, 'p.json'), PROFILE_BEFORE);
    await execa('sh', ['-c', `dd if=/dev/zero of=${mount}/fill bs=4k count=8 2>/dev/null; true`]);
    const fault = await recordFault(['-o', path.join(mount, 'p.json'), '--', 'sh', '-c', 'echo ran']);
    assert.is(fault.run.code, 2, fault.run.stderr);
    assert.is(fault.run.stdout, 'ran\n');
    assert.is(
      fault.run.stderr,
      `seccomp-learner: cannot write ${mount}/p.json: no space left on the device (ENOSPC)\n  hint: free some space, or write to another file system; the existing ${mount}/p.json was left as it was\n`,
    );
    assert.is(readFileSync(path.join(mount, 'p.json'), 'utf8'), PROFILE_BEFORE);
    assert.equal(readdirSync(mount).sort(), ['fill', 'p.json']);
    assertTmpEmpty(fault);
  });
});

faults('the disk of --trace-out fills up mid-run: the profile is still written, exit 2, no partial trace file', async () => {
  if (skipUnless(hasStrace, 'strace', 'record trace-out disk full') || skipUnless(isRoot, 'root (mounts a tmpfs)', 'record trace-out disk full')) return;
  await withTmpfs('size=8k', async (mount) => {
    const fault = await recordFault(['-o', 'p.json', '--trace-out', path.join(mount, 't.log'), '--', 'sh', '-c', 'ls -R /usr/share/doc > /dev/null; echo ran']);
    assert.is(fault.run.code, 2, fault.run.stderr);
    assert.match(fault.run.stderr, /wrote p\.json: \d+ syscalls allowed/);
    assert.match(fault.run.stderr, new RegExp(`seccomp-learner: cannot write ${mount}/t\\.log: no space left on the device \\(ENOSPC\\)\n`));
    assert.ok(readJson(path.join(fault.dir, 'p.json')).syscalls[0].names.includes('getdents64'));
    assert.equal(readdirSync(mount), []);
    assertTmpEmpty(fault);
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  faults(`${signal} to the learner: the profile of what was seen is written, marked partial; nothing left behind`, async () => {
    if (skipUnless(hasStrace, 'strace', `record ${signal}`)) return;
    const seconds = uniqueSeconds();
    let sent = false;
    const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', `echo started; sleep ${seconds} & sleep ${seconds}; wait`], {
      token: seconds,
      onOutput: ({ stdout }, pid) => {
        if (sent || !stdout.includes('started')) return;
        sent = true;
        setTimeout(() => process.kill(pid, signal), 300);
      },
    });
    assert.is(fault.run.code, 128 + 15, fault.run.stderr);
    const report = readJson(path.join(fault.dir, 'r.json'));
    assert.equal([report.partial, report.partialReason], [true, 'the recording was stopped by a signal before the workload ended']);
    assert.ok(readJson(path.join(fault.dir, 'p.json')).syscalls[0].names.includes('clone'));
    await assertNothingLeft(fault, seconds);
  });
}

faults('Ctrl-C at a terminal (SIGINT to the whole foreground group): partial profile, an interrupted status, nothing left behind', async () => {
  if (skipUnless(hasStrace, 'strace', 'record Ctrl-C')) return;
  const seconds = uniqueSeconds();
  let sent = false;
  const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', `echo started; sleep ${seconds}`], {
    token: seconds,
    detached: true,
    onOutput: ({ stdout }, pid) => {
      if (sent || !stdout.includes('started')) return;
      sent = true;
      setTimeout(() => process.kill(-pid, 'SIGINT'), 300);
    },
  });
  // The group's SIGINT and the learner's SIGTERM race to the main process; either way it was interrupted.
  const report = readJson(path.join(fault.dir, 'r.json'));
  assert.ok(['SIGINT', 'SIGTERM'].includes(report.workload.killedBy), fault.run.stderr);
  assert.is(fault.run.code, report.workload.killedBy === 'SIGINT' ? 130 : 143);
  assert.is(report.partial, true);
  await assertNothingLeft(fault, seconds);
});

faults('a workload that ignores SIGTERM: a second Ctrl-C kills it, and the profile is still written', async () => {
  if (skipUnless(hasStrace, 'strace', 'record stubborn workload')) return;
  const seconds = uniqueSeconds();
  let sent = false;
  const fault = await recordFault(['-o', 'p.json', '--report', 'r.json', '--', 'sh', '-c', `trap "" TERM INT; echo started; while :; do sleep ${seconds}; done`], {
    token: seconds,
    onOutput: ({ stdout }, pid) => {
      if (sent || !stdout.includes('started')) return;
      sent = true;
      setTimeout(() => process.kill(pid, 'SIGINT'), 300);
      setTimeout(() => process.kill(pid, 'SIGINT'), 800);
    },
  });
  assert.is(fault.run.code, 128 + 9, fault.run.stderr);
  assert.is(readJson(path.join(fault.dir, 'r.json')).partial, true);
  await assertNothingLeft(fault, seconds);
});

faults.run();
