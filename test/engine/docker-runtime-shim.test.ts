// tracer/docker-runtime-shim and tracer/add-prestart-hook.mjs, called the way containerd calls a
// runtime; a stand-in runc records the arguments it is exec'd with.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { DOCKER_SHIM, HOOK_SCRIPT, STATE_DIR } from '../../src/engine/locations.js';
import { ensureStateDir } from '../../src/engine/session.js';
import { tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
const dir = tempDir('sl-shim-');
const argsFile = path.join(dir, 'runc-args');
const fakeRunc = path.join(dir, 'runc');
const existingHook = { path: '/usr/bin/docker-proxy', args: ['libnetwork-setkey', 'abc'] };

async function prepare(): Promise<void> {
  await fs.writeFile(fakeRunc, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
}

async function bundle(): Promise<string> {
  const b = await fs.mkdtemp(path.join(dir, 'bundle-'));
  await fs.writeFile(path.join(b, 'config.json'), JSON.stringify({ ociVersion: '1.0.2', process: { args: ['sh'] }, hooks: { prestart: [existingHook] } }), { mode: 0o600 });
  return b;
}

function shim(args: string[]) {
  return execa(DOCKER_SHIM, [`--runc=${fakeRunc}`, `--node=${process.execPath}`, ...args], { reject: false, stdin: 'ignore' });
}

async function runcArgs(): Promise<string[]> {
  const text = await fs.readFile(argsFile, 'utf8').catch(() => '');
  await fs.rm(argsFile, { force: true });
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

const globals = ['--root', '/var/run/docker/runtime-runc/moby', '--log', '/run/x/log.json', '--log-format', 'json'];
const pass = suite('the shim passes runc calls through');

pass('every call but create reaches runc with the same arguments, minus the shim\'s own', async () => {
  await prepare();
  for (const call of [['start', 'abc'], ['delete', '--force', 'abc'], ['state', 'abc'], ['--version']]) {
    const r = await shim([...globals, ...call]);
    assert.is(r.exitCode, 0, r.stderr);
    assert.equal(await runcArgs(), [...globals, ...call]);
  }
});

pass('create of a container nobody asked to trace leaves config.json alone', async () => {
  await prepare();
  const b = await bundle();
  const before = await fs.readFile(path.join(b, 'config.json'), 'utf8');
  const id = randomBytes(32).toString('hex');
  const r = await shim([...globals, 'create', '--bundle', b, '--pid-file', `${b}/init.pid`, id]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(await fs.readFile(path.join(b, 'config.json'), 'utf8'), before);
  assert.equal(await runcArgs(), [...globals, 'create', '--bundle', b, '--pid-file', `${b}/init.pid`, id]);
});

const add = suite('the shim adds the hook for a requested container');

add('appends the prestart hook after Docker\'s own, with the session, then execs runc', async () => {
  if (skipUnless(isRoot, 'root (the state dir is /run/seccomp-learner)', 'shim adds hook')) return;
  await prepare();
  await ensureStateDir();
  const b = await bundle();
  const id = randomBytes(32).toString('hex');
  const request = path.join(STATE_DIR, 'containers', id);
  await fs.writeFile(request, 'feedc0de\n', { mode: 0o600 });
  try {
    const r = await shim([...globals, 'create', '--bundle', b, '--pid-file', `${b}/init.pid`, id]);
    assert.is(r.exitCode, 0, r.stderr);
    const config = JSON.parse(await fs.readFile(path.join(b, 'config.json'), 'utf8'));
    assert.equal(config.hooks.prestart, [
      existingHook,
      {
        path: process.execPath,
        args: ['node', HOOK_SCRIPT, '--state-dir', STATE_DIR, '--session', 'feedc0de'],
        env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        timeout: 30,
      },
    ]);
    assert.equal(config.process, { args: ['sh'] });
    assert.is((await fs.stat(path.join(b, 'config.json'))).mode & 0o777, 0o600);
    assert.equal(await runcArgs(), [...globals, 'create', '--bundle', b, '--pid-file', `${b}/init.pid`, id]);
  } finally {
    await fs.rm(request, { force: true });
  }
});

add('a request file without a valid session stops the create before runc runs', async () => {
  if (skipUnless(isRoot, 'root (the state dir is /run/seccomp-learner)', 'shim bad request')) return;
  await prepare();
  await ensureStateDir();
  const b = await bundle();
  const id = randomBytes(32).toString('hex');
  const request = path.join(STATE_DIR, 'containers', id);
  await fs.writeFile(request, '../../etc\n', { mode: 0o600 });
  try {
    const r = await shim([...globals, 'create', `--bundle=${b}`, id]);
    assert.is(r.exitCode, 1);
    assert.is(r.stderr, `seccomp-learner shim: ${STATE_DIR}/containers/${id} does not hold a valid session id`);
    assert.equal(await runcArgs(), []);
  } finally {
    await fs.rm(request, { force: true });
  }
});

add('a config.json that is not an OCI object is refused, not rewritten', async () => {
  if (skipUnless(isRoot, 'root (the state dir is /run/seccomp-learner)', 'shim bad config')) return;
  await prepare();
  await ensureStateDir();
  const b = await bundle();
  await fs.writeFile(path.join(b, 'config.json'), '{"hooks": {"prestart": {"path": "/x"}}}');
  const id = randomBytes(32).toString('hex');
  const request = path.join(STATE_DIR, 'containers', id);
  await fs.writeFile(request, 'feedc0de\n', { mode: 0o600 });
  try {
    const r = await shim([...globals, 'create', '--bundle', b, id]);
    assert.is(r.exitCode, 1);
    assert.is(r.stderr, 'seccomp-learner shim: config.json: "hooks.prestart" is not a list');
    assert.is(await fs.readFile(path.join(b, 'config.json'), 'utf8'), '{"hooks": {"prestart": {"path": "/x"}}}');
  } finally {
    await fs.rm(request, { force: true });
  }
});

pass.run();
add.run();
