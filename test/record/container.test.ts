// record / verify --engine against the real Docker and Podman, as a user runs them (the built CLI).
// Images come from scripts/ci-engines.sh; without them (or an engine) the tests skip loudly, and
// fail under CI=true.
import { promises as fs, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { STATE_DIR } from '../../src/engine/locations.js';
import { runCli, tempDir, type CliResult } from '../cli.js';
import { fixturePath, skipUnless } from '../helpers.js';
import { BUSYBOX_WORKLOAD, ENGINES, image, machineArgs, missingFor, type Engine } from '../engine/available.js';

const SERVER = fixturePath('containers', 'http-server.py');
const PRE_FILTER_CALLS = ['pivot_root', 'mount', 'umount2'];

interface Recorded {
  dir: string;
  profile: string;
  report: Record<string, any>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const allowed = (profileFile: string): string[] =>
  (readJson(profileFile).syscalls as { names: string[]; action: string }[]).filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names);

function unavailable(engine: Engine, test: string): boolean {
  const missing = missingFor(engine);
  return skipUnless(missing === undefined, missing ?? '', `${engine}: ${test}`);
}

async function sessions(): Promise<Set<string>> {
  return new Set(await fs.readdir(path.join(STATE_DIR, 'sessions')).catch(() => []));
}

// A strace still writing into a session dir that is gone is a leak; so is a container or request file.
async function assertNothingLeft(engine: Engine, containerId: string | undefined, before: Set<string>): Promise<void> {
  let now = await sessions();
  for (let i = 0; i < 20 && [...now].some((s) => !before.has(s)); i++) {
    await sleep(100);
    now = await sessions();
  }
  assert.equal([...now].filter((s) => !before.has(s)), [], 'session dirs left behind');
  for (const pid of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const output = cmdline[0]?.endsWith('strace') ? cmdline[cmdline.indexOf('-o') + 1] : undefined;
    const session = output?.startsWith(`${STATE_DIR}/sessions/`) ? output.split('/')[4] : undefined;
    if (session !== undefined) assert.ok(now.has(session), `strace ${pid} still traces for ended session ${session}`);
  }
  if (containerId === undefined) return;
  const inspect = await execa(engine, ['container', 'inspect', containerId], { reject: false, stdin: 'ignore' });
  assert.is.not(inspect.exitCode, 0, `container ${containerId} was left behind`);
  assert.not.ok(await fs.stat(path.join(STATE_DIR, 'containers', containerId)).catch(() => undefined), 'docker request file left behind');
}

// The hook's strace for a session this test started (its -o names the session's FIFO).
function sessionStraces(before: Set<string>): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const output = argv[0]?.endsWith('strace') ? argv[argv.indexOf('-o') + 1] : undefined;
    const session = output?.startsWith(`${STATE_DIR}/sessions/`) ? output.split('/')[4] : undefined;
    if (session !== undefined && !before.has(session)) found.push(Number(pid));
  }
  return found;
}

function busyboxArgs(engine: Engine): string[] {
  return [...machineArgs(engine), '--network', 'none', '-v', `${BUSYBOX_WORKLOAD}:/workload.sh:ro`, image(engine, 'busybox'), 'sh', '/workload.sh'];
}

async function record(engine: Engine, extra: string[], runArgs: string[]): Promise<Recorded & { run: CliResult }> {
  const dir = tempDir('sl-container-');
  const run = await runCli(['record', '--engine', engine, '-o', 'p.json', '--report', 'r.json', ...extra, '--', ...runArgs], { cwd: dir });
  const report = await fs.readFile(path.join(dir, 'r.json'), 'utf8').then(JSON.parse, () => ({}));
  return { dir, profile: path.join(dir, 'p.json'), report, run };
}

async function verify(engine: Engine, profile: string, extra: string[], runArgs: string[]) {
  const dir = tempDir('sl-verify-');
  const run = await runCli(['verify', '--engine', engine, '--profile', profile, '--report', 'v.json', ...extra, '--', ...runArgs], { cwd: dir });
  const report = await fs.readFile(path.join(dir, 'v.json'), 'utf8').then(JSON.parse, () => ({}));
  return { run, report };
}

function without(profileFile: string, name: string): string {
  const profile = readJson(profileFile);
  for (const rule of profile.syscalls) rule.names = rule.names.filter((n: string) => n !== name);
  const file = path.join(tempDir('sl-cut-'), `without-${name}.json`);
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  return file;
}

const busyboxProfiles = new Map<Engine, string>();
const busybox = suite('a busybox workload that forks, pipes and opens sockets: record → verify');

for (const engine of ENGINES) {
  busybox(`${engine}: record measures from the runtime's filter load on and leaves nothing behind`, async () => {
    if (unavailable(engine, 'record busybox')) return;
    const before = await sessions();
    const r = await record(engine, ['--trace-out', 't.log'], busyboxArgs(engine));
    assert.is(r.run.code, 0, r.run.stderr);
    assert.match(r.run.stderr, /^workload-ok$/m);
    assert.match(r.run.stderr, /wrote p\.json: \d+ syscalls allowed/);
    assert.equal(r.report.window, { ...r.report.window, mode: 'after-filter-load', markerSeen: true, runtimeBaseSetUsed: false });
    assert.equal([r.report.container.engine, r.report.container.runtime, r.report.container.workloadExit], [engine, 'runc', 0]);
    const names = allowed(r.profile);
    for (const name of ['execve', 'clone', 'wait4', 'pipe2', 'socket', 'bind', 'listen', 'accept', 'connect', 'capset', 'setuid', 'prctl']) {
      assert.ok(names.includes(name), `${name} missing from ${names.join(' ')}`);
    }
    // The runtime's setup ran before the marker: it is in the raw trace, but not in the profile.
    const trace = await fs.readFile(path.join(r.dir, 't.log'), 'utf8');
    assert.match(trace, /pivot_root\(/);
    for (const name of PRE_FILTER_CALLS) assert.not.ok(names.includes(name), `${name} is a pre-filter runtime call`);
    busyboxProfiles.set(engine, r.profile);
    await assertNothingLeft(engine, r.report.container.id, before);
  });

  busybox(`${engine}: verify with the recorded profile passes with no denials`, async () => {
    if (unavailable(engine, 'verify busybox')) return;
    const profile = busyboxProfiles.get(engine);
    assert.ok(profile, 'the record test did not produce a profile');
    const v = await verify(engine, profile, [], busyboxArgs(engine));
    assert.is(v.run.code, 0, v.run.stderr);
    assert.match(v.run.stderr, /^workload-ok$/m);
    assert.match(v.run.stderr, /verify: no denied syscalls\n/);
    assert.is(v.report.result, 'ok');
  });
}

busybox('the profile from each engine loads unchanged in plain docker run and podman run', async () => {
  if (unavailable('docker', 'profile loads in both') || unavailable('podman', 'profile loads in both')) return;
  for (const [recordedBy, profile] of busyboxProfiles) {
    for (const engine of ENGINES) {
      const runArgs = busyboxArgs(engine);
      const r = await execa(engine, ['run', '--rm', '--security-opt', `seccomp=${profile}`, ...runArgs], { reject: false, stdin: 'ignore' });
      assert.is(r.exitCode, 0, `${recordedBy} profile under ${engine} run: ${r.stderr}`);
      assert.is(r.stdout, 'workload-ok');
    }
  }
});

for (const engine of ENGINES) {
  busybox(`${engine}: a profile without one syscall the workload needs: verify exits 1 and names it`, async () => {
    if (unavailable(engine, 'verify busybox without listen')) return;
    const profile = busyboxProfiles.get(engine);
    assert.ok(profile, 'the record test did not produce a profile');
    const v = await verify(engine, without(profile, 'listen'), [], busyboxArgs(engine));
    assert.is(v.run.code, 1, v.run.stderr);
    assert.match(v.run.stderr, /verify: the profile denied 1 syscall\(s\), 1 call\(s\):\n {2}listen {2}1× {2}EPERM/);
    assert.is(v.report.result, 'denied');
    assert.equal(v.report.denials.map((d: { name: string }) => d.name), ['listen']);
  });
}

const serverProfiles = new Map<Engine, string>();
const server = suite('a Debian python http.server exercised with curl from the host');
const port = () => 20000 + Math.floor(Math.random() * 20000);
const serverArgs = (engine: Engine, p: number) => [...machineArgs(engine), '--network', 'host', '-v', `${SERVER}:/server.py:ro`, image(engine, 'debianHttp'), 'python3', '/server.py', String(p)];
const exercise = (p: number) => `for i in 1 2 3; do curl -fsS http://127.0.0.1:${p}/ > /dev/null || exit 1; done; curl -s -o /dev/null http://127.0.0.1:${p}/missing`;

for (const engine of ENGINES) {
  server(`${engine}: record with --ready-port and --exercise: the exercise decides, the container is stopped`, async () => {
    if (unavailable(engine, 'record http server')) return;
    const before = await sessions();
    const p = port();
    const r = await record(engine, ['--ready-port', String(p), '--exercise', exercise(p)], serverArgs(engine, p));
    assert.is(r.run.code, 0, r.run.stderr);
    assert.match(r.run.stderr, /"GET \/missing HTTP\/1\.1" 404/);
    assert.is(r.report.container.exerciseExit, 0);
    assert.is(r.report.partial, false);
    const names = allowed(r.profile);
    for (const name of ['socket', 'bind', 'listen', 'accept4', 'sendto', 'recvfrom', 'newfstatat']) assert.ok(names.includes(name), `${name} missing`);
    assert.ok(names.includes('clone3') || names.includes('clone'), 'the server thread was started somehow');
    for (const name of PRE_FILTER_CALLS) assert.not.ok(names.includes(name), name);
    serverProfiles.set(engine, r.profile);
    await assertNothingLeft(engine, r.report.container.id, before);
  });
}

for (const engine of ENGINES) {
  server(`${engine}: verify with the same exercise passes with 0 denials`, async () => {
    if (unavailable(engine, 'verify http server')) return;
    const profile = serverProfiles.get(engine);
    assert.ok(profile, 'the record test did not produce a profile');
    const p = port();
    const v = await verify(engine, profile, ['--ready-port', String(p), '--exercise', exercise(p)], serverArgs(engine, p));
    assert.is(v.run.code, 0, v.run.stderr);
    assert.match(v.run.stderr, /verify: no denied syscalls\n/);
    assert.match(v.run.stderr, /verify: the exercise exited with 0\n/);
    assert.equal([v.report.result, v.report.denials, v.report.workload.stoppedByLearner], ['ok', [], true]);
  });
}

for (const engine of ENGINES) {
  server(`${engine}: the profile recorded under the other engine verifies here too`, async () => {
    const other: Engine = engine === 'docker' ? 'podman' : 'docker';
    if (unavailable(engine, 'cross-engine verify') || unavailable(other, 'cross-engine verify')) return;
    const profile = serverProfiles.get(other);
    assert.ok(profile, `the ${other} record test did not produce a profile`);
    const p = port();
    const v = await verify(engine, profile, ['--ready-port', String(p), '--exercise', exercise(p)], serverArgs(engine, p));
    assert.is(v.run.code, 0, v.run.stderr);
  });
}

for (const engine of ENGINES) {
  server(`${engine}: without listen the server cannot start: verify exits 1 and names listen`, async () => {
    if (unavailable(engine, 'verify http server without listen')) return;
    const profile = serverProfiles.get(engine);
    assert.ok(profile, 'the record test did not produce a profile');
    const p = port();
    const v = await verify(engine, without(profile, 'listen'), ['--ready-port', String(p), '--exercise', exercise(p)], serverArgs(engine, p));
    assert.is(v.run.code, 1, v.run.stderr);
    assert.match(v.run.stderr, /^ {2}listen {2}1× {2}EPERM /m);
    assert.match(v.run.stderr, /the exercise did not run/);
    assert.equal(v.report.denials.map((d: { name: string }) => d.name), ['listen']);
  });
}

const lifecycle = suite('container lifecycle: exit status, failures, Ctrl-C, --duration');

for (const engine of ENGINES) {
  lifecycle(`${engine}: record exits with the workload's status`, async () => {
    if (unavailable(engine, 'record exit status')) return;
    const r = await record(engine, [], [...machineArgs(engine), '--network', 'none', image(engine, 'busybox'), 'sh', '-c', 'exit 3']);
    assert.is(r.run.code, 3, r.run.stderr);
    assert.is(r.report.container.workloadExit, 3);
  });

  lifecycle(`${engine}: an image that is not there: exit 3 with the engine's reason, nothing left behind`, async () => {
    if (unavailable(engine, 'record missing image')) return;
    const before = await sessions();
    const r = await record(engine, [], [...machineArgs(engine), '--pull', 'never', 'seccomp-learner-test/no-such-image:0', 'true']);
    assert.is(r.run.code, 3, r.run.stderr);
    assert.match(r.run.stderr, engine === 'docker' ? /seccomp-learner: docker create failed: .*no-such-image/ : /seccomp-learner: the container did not start under the tracer: .*no-such-image/);
    await assertNothingLeft(engine, undefined, before);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    lifecycle(`${engine}: ${signal} to the learner stops the container and still writes the profile, marked partial; nothing left behind`, async () => {
      if (unavailable(engine, `record ${signal}`)) return;
      const before = await sessions();
      const dir = tempDir('sl-container-');
      let sent = false;
      const run = await runCli(
        ['record', '--engine', engine, '-o', 'p.json', '--report', 'r.json', '--', ...machineArgs(engine), '--network', 'none', image(engine, 'busybox'), 'sh', '-c', 'trap "exit 0" TERM; echo started; sleep 60 & wait'],
        {
          cwd: dir,
          onOutput: ({ stderr }, pid) => {
            if (sent || !/^started$/m.test(stderr)) return;
            sent = true;
            setTimeout(() => process.kill(pid, signal), 500);
          },
        },
      );
      assert.ok(sent, `the container never started: ${run.stderr}`);
      const report = readJson(path.join(dir, 'r.json'));
      assert.equal([report.partial, report.partialReason], [true, `the learner received ${signal}`]);
      assert.ok(allowed(path.join(dir, 'p.json')).includes('wait4'));
      await assertNothingLeft(engine, report.container.id, before);
    });
  }

  lifecycle(`${engine}: strace killed mid-run: exit 3, the profile of what was traced marked partial, the container stopped and removed`, async () => {
    if (unavailable(engine, 'record strace killed')) return;
    const before = await sessions();
    const dir = tempDir('sl-container-');
    let killed = false;
    const run = await runCli(
      ['record', '--engine', engine, '-o', 'p.json', '--report', 'r.json', '--', ...machineArgs(engine), '--network', 'none', image(engine, 'busybox'), 'sh', '-c', 'trap "exit 0" TERM; echo started; sleep 60 & wait'],
      {
        cwd: dir,
        onOutput: ({ stderr }) => {
          if (killed || !/^started$/m.test(stderr)) return;
          const strace = sessionStraces(before)[0];
          if (strace === undefined) return;
          killed = true;
          process.kill(strace, 'SIGKILL');
        },
      },
    );
    assert.ok(killed, `no strace of this recording was found: ${run.stderr}`);
    assert.is(run.code, 3, run.stderr);
    assert.match(run.stderr, /seccomp-learner: the profile is partial: strace ended while the container was still running\n/);
    assert.match(run.stderr, /seccomp-learner: strace ended while the container was still running\n {2}hint: the learner stopped the container/);
    const report = readJson(path.join(dir, 'r.json'));
    assert.equal([report.partial, report.container.tracerFailure, report.container.stoppedByLearner], [true, 'strace ended while the container was still running', true]);
    assert.ok(allowed(path.join(dir, 'p.json')).includes('execve'));
    await assertNothingLeft(engine, report.container.id, before);
  });
}

lifecycle('docker: --duration stops a long-running container after that time, not partial', async () => {
  if (unavailable('docker', 'record --duration')) return;
  const started = Date.now();
  const r = await record('docker', ['--duration', '2s'], ['--network', 'none', image('docker', 'busybox'), 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.2; done']);
  assert.is(r.run.code, 0, r.run.stderr);
  assert.ok(Date.now() - started >= 2000);
  assert.is(r.report.partial, false);
  assert.ok(allowed(r.profile).includes('nanosleep') || allowed(r.profile).includes('clock_nanosleep'));
});

busybox.run();
server.run();
lifecycle.run();
