// Hostile OCI state and requests (fixtures/hostile/oci-state) for tracer/oci-hook.mjs and the Docker
// shim's tracer/add-prestart-hook.mjs, run directly as root against a state dir of their own: each
// is refused with exit 1 and one clear line, and nothing is written in the state dir, the bundle or
// wherever a symlink points.
import { chmodSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { DOCKER_SHIM, HOOK_SCRIPT, TRACER_DIR } from '../../src/engine/locations.js';
import { skipUnless } from '../helpers.js';
import { withStandIn } from '../container-stand-in.js';
import { corpusFiles, filesUnder, hostilePath } from './corpus.js';

const isRoot = process.getuid?.() === 0;
const ADD_HOOK = path.join(TRACER_DIR, 'add-prestart-hook.mjs');

interface StateDir {
  root: string;
  session: string;
  fifo: string;
}

// A state dir laid out as the learner makes it: sessions/s1 with request.json and trace.fifo, all private.
async function makeStateDir(): Promise<StateDir> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sl-state-'));
  mkdirSync(path.join(root, 'sessions'), { mode: 0o700 });
  mkdirSync(path.join(root, 'containers'), { mode: 0o700 });
  const session = path.join(root, 'sessions', 's1');
  mkdirSync(session, { mode: 0o700 });
  writeFileSync(path.join(session, 'request.json'), JSON.stringify({ strace: '/usr/bin/strace', flags: ['-f'] }), { mode: 0o600 });
  const fifo = path.join(session, 'trace.fifo');
  await execa('mkfifo', ['-m', '0600', fifo]);
  return { root, session, fifo };
}

function runHook(state: StateDir, input: string, args: string[] = []) {
  return execa(process.execPath, [HOOK_SCRIPT, '--state-dir', state.root, ...args], { input, reject: false });
}

function stateFor(pid: number, change: (state: Record<string, any>) => void = () => {}): string {
  const state = JSON.parse(readFileSync(hostilePath('oci-state', 'created.json'), 'utf8'));
  state.pid = pid;
  change(state);
  return JSON.stringify(state);
}

/** Runs the hook and checks: exit 1, exactly `message`, and the state dir as it was. */
async function refused(state: StateDir, input: string, message: string | RegExp, args: string[] = []): Promise<void> {
  const before = filesUnder(state.root);
  const r = await runHook(state, input, args);
  assert.is(r.exitCode, 1, r.stderr);
  if (typeof message === 'string') assert.is(r.stderr, message);
  else assert.match(r.stderr, message);
  assert.is(r.stderr.split('\n').length, 1, 'one line');
  assert.equal(filesUnder(state.root), before, 'the hook wrote nothing');
}

const what = 'root (the hook runs as root under runc)';
const state = suite('oci-hook.mjs on malformed or missing state');

const STATE_MESSAGES: Record<string, string | RegExp> = {
  'array.json': 'seccomp-learner hook: the OCI state on stdin is not a JSON object',
  'empty.json': 'seccomp-learner hook: the OCI state on stdin is empty (the hook must be run by the container runtime)',
  'no-pid.json': 'seccomp-learner hook: the OCI state has no valid pid (got undefined)',
  'pid-1.json': "seccomp-learner hook: the OCI state names pid 1, the init of the runtime's own pid namespace, not a container process",
  'pid-beyond-2-53.json': 'seccomp-learner hook: the OCI state has no valid pid (got 9007199254740992)',
  'pid-string.json': 'seccomp-learner hook: the OCI state has no valid pid (got "4242")',
  'truncated.json': /^seccomp-learner hook: the OCI state on stdin is not JSON: .+$/,
};

state('every file of the corpus has a test here', () => {
  assert.equal(corpusFiles('oci-state'), [...Object.keys(STATE_MESSAGES), 'created.json', 'session-traversal.json'].sort());
});

for (const [file, message] of Object.entries(STATE_MESSAGES)) {
  state(`${file} is refused before anything is opened`, async () => {
    if (skipUnless(isRoot, what, `hostile hook ${file}`)) return;
    const dir = await makeStateDir();
    await refused(dir, readFileSync(hostilePath('oci-state', file), 'utf8'), message);
  });
}

state('a state larger than 1 MiB is refused without reading it all', async () => {
  if (skipUnless(isRoot, what, 'hostile hook oversized state')) return;
  const dir = await makeStateDir();
  await refused(dir, stateFor(4242, (s) => (s.padding = 'x'.repeat(2 << 20))), 'seccomp-learner hook: the OCI state on stdin is larger than 1048576 bytes');
});

const pids = suite('oci-hook.mjs on a pid that is not a container process');

pids("the test's own pid, in the hook's mount namespace, is refused", async () => {
  if (skipUnless(isRoot, what, 'hostile hook own pid')) return;
  const dir = await makeStateDir();
  await refused(dir, stateFor(process.pid), `seccomp-learner hook: process ${process.pid} from the OCI state is not a container process (it shares the hook's mount namespace)`);
});

pids('a dead pid is refused', async () => {
  if (skipUnless(isRoot, what, 'hostile hook dead pid')) return;
  const dir = await makeStateDir();
  const gone = execa('true');
  await gone;
  await refused(dir, stateFor(gone.pid!), `seccomp-learner hook: process ${gone.pid} from the OCI state does not exist`);
});

const paths = suite('oci-hook.mjs on a request pointing outside the state dir');

paths('session-traversal.json: ../ in the session annotation is refused', async () => {
  if (skipUnless(isRoot, what, 'hostile hook session annotation')) return;
  const dir = await makeStateDir();
  const traversal = JSON.parse(readFileSync(hostilePath('oci-state', 'session-traversal.json'), 'utf8'));
  await withStandIn(async (pid) => {
    await refused(dir, JSON.stringify({ ...traversal, pid }), 'seccomp-learner hook: no valid session id (got "../../../etc")');
    await refused(dir, stateFor(pid, (s) => delete s.annotations), 'seccomp-learner hook: no valid session id (got "../s1")', ['--session', '../s1']);
  });
});

paths('a session dir that is a symlink out of the state dir is refused, and nothing lands where it points', async () => {
  if (skipUnless(isRoot, what, 'hostile hook symlinked session')) return;
  const dir = await makeStateDir();
  const outside = mkdtempSync(path.join(os.tmpdir(), 'sl-outside-'));
  symlinkSync(outside, path.join(dir.root, 'sessions', 'evil'));
  await withStandIn(async (pid) => {
    await refused(dir, stateFor(pid, (s) => delete s.annotations), `seccomp-learner hook: session evil resolves outside ${dir.root}`, ['--session', 'evil']);
  });
  assert.equal(filesUnder(outside), []);
});

paths('a sessions dir that is a symlink is refused', async () => {
  if (skipUnless(isRoot, what, 'hostile hook symlinked sessions dir')) return;
  const dir = await makeStateDir();
  const outside = mkdtempSync(path.join(os.tmpdir(), 'sl-outside-'));
  mkdirSync(path.join(outside, 's1'), { mode: 0o700 });
  rmSync(path.join(dir.root, 'sessions'), { recursive: true });
  symlinkSync(outside, path.join(dir.root, 'sessions'));
  await withStandIn(async (pid) => {
    await refused(dir, stateFor(pid), `seccomp-learner hook: the sessions dir ${dir.root}/sessions must be a directory owned by uid 0 that only its owner can write`);
  });
  assert.equal(filesUnder(outside), ['s1/']);
});

paths('a state dir others can write to is refused', async () => {
  if (skipUnless(isRoot, what, 'hostile hook open state dir')) return;
  const dir = await makeStateDir();
  chmodSync(dir.root, 0o777);
  await withStandIn(async (pid) => {
    await refused(dir, stateFor(pid), `seccomp-learner hook: the state dir ${dir.root} must be a directory owned by uid 0 that only its owner can write`);
  });
});

paths('a state dir that does not exist is refused with a hint', async () => {
  if (skipUnless(isRoot, what, 'hostile hook missing state dir')) return;
  const missing = path.join(os.tmpdir(), 'sl-no-such-state-dir');
  await withStandIn(async (pid) => {
    const r = await execa(process.execPath, [HOOK_SCRIPT, '--state-dir', missing], { input: stateFor(pid), reject: false });
    assert.is(r.exitCode, 1);
    assert.is(r.stderr, `seccomp-learner hook: the state dir ${missing} cannot be used (ENOENT); is the learner running?`);
  });
});

paths('a symlink planted as strace.stderr is not followed: the file it names stays untouched', async () => {
  if (skipUnless(isRoot, what, 'hostile hook planted stderr')) return;
  const dir = await makeStateDir();
  const victim = path.join(mkdtempSync(path.join(os.tmpdir(), 'sl-outside-')), 'victim');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, path.join(dir.session, 'strace.stderr'));
  // A reader on the FIFO, so the hook gets as far as its own files.
  const reader = openSync(dir.fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    await withStandIn(async (pid) => {
      await refused(dir, stateFor(pid), `seccomp-learner hook: cannot open ${dir.session}/strace.stderr: it is a symlink`);
    });
  } finally {
    closeSync(reader);
  }
  assert.is(readFileSync(victim, 'utf8'), 'precious\n');
});

paths('a symlink planted as request.json is not followed', async () => {
  if (skipUnless(isRoot, what, 'hostile hook planted request')) return;
  const dir = await makeStateDir();
  const elsewhere = path.join(mkdtempSync(path.join(os.tmpdir(), 'sl-outside-')), 'request.json');
  writeFileSync(elsewhere, JSON.stringify({ strace: '/bin/sh', flags: ['-c', 'touch /tmp/owned'] }));
  rmSync(path.join(dir.session, 'request.json'));
  symlinkSync(elsewhere, path.join(dir.session, 'request.json'));
  await withStandIn(async (pid) => {
    await refused(dir, stateFor(pid), new RegExp(`^seccomp-learner hook: cannot read ${dir.session}/request\\.json: ELOOP: .+$`));
  });
});

const shim = suite('the Docker shim on hostile requests');

async function makeBundle(): Promise<string> {
  const bundle = mkdtempSync(path.join(os.tmpdir(), 'sl-bundle-'));
  writeFileSync(path.join(bundle, 'config.json'), JSON.stringify({ ociVersion: '1.0.2', process: { args: ['sh'] } }), { mode: 0o600 });
  return bundle;
}

function addHook(stateDir: string, bundle: string, id: string) {
  return execa(process.execPath, [ADD_HOOK, '--state-dir', stateDir, '--bundle', bundle, '--container-id', id], { reject: false, stdin: 'ignore' });
}

/** Runs add-prestart-hook.mjs and checks: exit 1, exactly `message`, bundle and state dir as they were. */
async function shimRefused(dir: StateDir, bundle: string, id: string, message: string | RegExp): Promise<void> {
  const before = [filesUnder(dir.root), filesUnder(bundle), readFileSync(path.join(bundle, 'config.json'), 'utf8')];
  const r = await addHook(dir.root, bundle, id);
  assert.is(r.exitCode, 1, r.stderr);
  if (typeof message === 'string') assert.is(r.stderr, message);
  else assert.match(r.stderr, message);
  assert.equal([filesUnder(dir.root), filesUnder(bundle), readFileSync(path.join(bundle, 'config.json'), 'utf8')], before);
}

shim('a request naming a session outside the state dir is refused', async () => {
  if (skipUnless(isRoot, what, 'hostile shim traversal request')) return;
  const dir = await makeStateDir();
  const bundle = await makeBundle();
  writeFileSync(path.join(dir.root, 'containers', 'c0ffee'), '../../etc\n', { mode: 0o600 });
  await shimRefused(dir, bundle, 'c0ffee', `seccomp-learner shim: ${dir.root}/containers/c0ffee does not hold a valid session id`);
});

shim('a request that is a directory, or missing, is refused with a message', async () => {
  if (skipUnless(isRoot, what, 'hostile shim odd request')) return;
  const dir = await makeStateDir();
  const bundle = await makeBundle();
  mkdirSync(path.join(dir.root, 'containers', 'c0ffee'));
  await shimRefused(dir, bundle, 'c0ffee', `seccomp-learner shim: cannot read the request ${dir.root}/containers/c0ffee: it is a directory`);
  await shimRefused(dir, bundle, 'c0ffee2', `seccomp-learner shim: cannot read the request ${dir.root}/containers/c0ffee2: no such file`);
});

shim('a container id with ../ is refused before any path is built from it', async () => {
  if (skipUnless(isRoot, what, 'hostile shim container id')) return;
  const dir = await makeStateDir();
  const bundle = await makeBundle();
  await shimRefused(dir, bundle, '../sessions/s1', 'seccomp-learner shim: invalid container id "../sessions/s1"');
});

shim('the shim itself passes a create with a ../ id straight to runc, leaving config.json alone', async () => {
  if (skipUnless(isRoot, what, 'hostile shim script')) return;
  const bundle = await makeBundle();
  const argsFile = path.join(bundle, 'runc-args');
  const fakeRunc = path.join(mkdtempSync(path.join(os.tmpdir(), 'sl-runc-')), 'runc');
  writeFileSync(fakeRunc, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
  const config = readFileSync(path.join(bundle, 'config.json'), 'utf8');
  const r = await execa(DOCKER_SHIM, [`--runc=${fakeRunc}`, `--node=${process.execPath}`, 'create', '--bundle', bundle, '../../containers/x'], { reject: false, stdin: 'ignore' });
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(readFileSync(argsFile, 'utf8'), `create\n--bundle\n${bundle}\n../../containers/x\n`);
  assert.is(readFileSync(path.join(bundle, 'config.json'), 'utf8'), config);
  assert.equal(filesUnder(bundle), ['config.json', 'runc-args']);
});

state.run();
pids.run();
paths.run();
shim.run();
