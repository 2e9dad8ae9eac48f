#!/usr/bin/env node
// Adds the seccomp-learner prestart hook (tracer/oci-hook.mjs) to an OCI bundle's config.json.
//
// Called by tracer/docker-runtime-shim on `runc create` when <state-dir>/containers/<id> exists; that
// file, written by the learner after `docker create`, holds the session id. The hook is appended
// after the hooks Docker already put there (libnetwork's), and config.json is replaced atomically.
//
// Usage:  add-prestart-hook.mjs --state-dir DIR --bundle DIR --container-id ID
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SESSION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CONTAINER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const HOOK_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'oci-hook.mjs');
const HOOK_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
const HOOK_TIMEOUT_S = 30;

function fail(message) {
  process.stderr.write(`seccomp-learner shim: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = Object.create(null);
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--state-dir', '--bundle', '--container-id'].includes(flag) || value === undefined) {
      fail(`unexpected argument ${JSON.stringify(flag)} (usage: add-prestart-hook.mjs --state-dir DIR --bundle DIR --container-id ID)`);
    }
    options[flag.slice(2)] = value;
  }
  for (const name of ['state-dir', 'bundle', 'container-id']) if (!options[name]) fail(`--${name} is required`);
  if (!path.isAbsolute(options['state-dir']) || !path.isAbsolute(options.bundle)) fail('--state-dir and --bundle must be absolute paths');
  if (!CONTAINER_ID_PATTERN.test(options['container-id'])) fail(`invalid container id ${JSON.stringify(options['container-id'])}`);
  return options;
}

function sessionFor(stateDir, id) {
  const file = path.join(stateDir, 'containers', id);
  let session;
  try {
    session = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    fail(`cannot read the request ${file}: ${error.code === 'EISDIR' ? 'it is a directory' : error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  if (!SESSION_PATTERN.test(session)) fail(`${stateDir}/containers/${id} does not hold a valid session id`);
  return session;
}

function addHook(config, hook) {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) fail('config.json is not a JSON object');
  if (config.hooks === undefined) config.hooks = {};
  if (config.hooks === null || typeof config.hooks !== 'object' || Array.isArray(config.hooks)) fail('config.json: "hooks" is not an object');
  if (config.hooks.prestart === undefined) config.hooks.prestart = [];
  if (!Array.isArray(config.hooks.prestart)) fail('config.json: "hooks.prestart" is not a list');
  config.hooks.prestart.push(hook);
  return config;
}

// The temp file is created fresh (O_EXCL), so a planted symlink of that name cannot redirect the write.
function writeAtomic(file, text, mode) {
  const temp = path.join(path.dirname(file), `.config.json.${process.pid}.tmp`);
  fs.rmSync(temp, { force: true });
  fs.writeFileSync(temp, text, { mode, flag: 'wx' });
  fs.renameSync(temp, file);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const stateDir = options['state-dir'];
  const session = sessionFor(stateDir, options['container-id']);
  const file = path.join(options.bundle, 'config.json');
  let config;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  const hook = {
    path: process.execPath,
    args: ['node', HOOK_PATH, '--state-dir', stateDir, '--session', session],
    env: HOOK_ENV,
    timeout: HOOK_TIMEOUT_S,
  };
  writeAtomic(file, JSON.stringify(addHook(config, hook)), fs.statSync(file).mode & 0o777);
}

main();
