// `seccomp-learner setup docker` as a user runs it, on a scratch daemon.json (--no-reload).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DOCKER_SHIM } from '../../src/engine/locations.js';
import { runCli, tempDir } from '../cli.js';

const entry = { path: DOCKER_SHIM, runtimeArgs: [`--node=${process.execPath}`] };
const shown = `"seccomp-learner": ${JSON.stringify(entry)}`;
const setup = suite('setup docker');

setup('creates daemon.json (and its directory), then says nothing changed on a second run', async () => {
  const file = path.join(tempDir(), 'etc-docker', 'daemon.json');
  const first = await runCli(['setup', 'docker', '--daemon-json', file, '--no-reload']);
  assert.is(first.code, 0, first.stderr);
  assert.is(first.stdout, `created ${file}: runtimes ${shown}\n`);
  const written = readFileSync(file, 'utf8');
  assert.equal(JSON.parse(written), { runtimes: { 'seccomp-learner': entry } });
  const second = await runCli(['setup', 'docker', '--daemon-json', file, '--no-reload']);
  assert.is(second.code, 0, second.stderr);
  assert.is(second.stdout, `${file} already registers runtime ${shown}; nothing changed\n`);
  assert.is(readFileSync(file, 'utf8'), written);
});

setup('keeps the other settings and prints what the runtime entry was before', async () => {
  const file = path.join(tempDir(), 'daemon.json');
  writeFileSync(file, '{"log-level": "warn", "runtimes": {"seccomp-learner": {"path": "/old/shim"}}}\n');
  const r = await runCli(['setup', 'docker', '--daemon-json', file, '--no-reload']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `replaced ${file}: runtimes ${shown}\n  (was {"path":"/old/shim"})\n`);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')), { 'log-level': 'warn', runtimes: { 'seccomp-learner': entry } });
});

setup('a broken daemon.json exits 2, says how to fix it, and is left as it was', async () => {
  const file = path.join(tempDir(), 'daemon.json');
  writeFileSync(file, '{"runtimes": {');
  const r = await runCli(['setup', 'docker', '--daemon-json', file, '--no-reload']);
  assert.is(r.code, 2);
  assert.match(r.stderr, new RegExp(`^seccomp-learner: ${file} is not valid JSON: .*\n  hint: fix the file \\(dockerd would not start with it either\\), then run setup again\n$`));
  assert.is(readFileSync(file, 'utf8'), '{"runtimes": {');
  assert.not.ok(existsSync(`${file}.tmp`));
});

setup.run();
