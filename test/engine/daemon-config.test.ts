import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registerRuntime } from '../../src/engine/daemon-config.js';
import { InputError } from '../../src/errors.js';

const entry = { path: '/opt/sl/tracer/docker-runtime-shim', runtimeArgs: ['--node=/usr/bin/node'] };
const register = suite('registering the runtime in daemon.json');

register('no file yet: a file with only the runtime', () => {
  const r = registerRuntime(undefined, 'seccomp-learner', entry, 'daemon.json');
  assert.is(r.changed, true);
  assert.is(r.previous, undefined);
  assert.is(r.text, `${JSON.stringify({ runtimes: { 'seccomp-learner': entry } }, null, 2)}\n`);
});

register('other settings and runtimes are kept as they are', () => {
  const before = JSON.stringify({ 'log-level': 'warn', runtimes: { nvidia: { path: 'nvidia-container-runtime' } }, 'default-runtime': 'runc' });
  const after = JSON.parse(registerRuntime(before, 'seccomp-learner', entry, 'daemon.json').text);
  assert.equal(after, { 'log-level': 'warn', runtimes: { nvidia: { path: 'nvidia-container-runtime' }, 'seccomp-learner': entry }, 'default-runtime': 'runc' });
});

register('already registered the same way: unchanged, text returned as it was', () => {
  const before = `{"runtimes": {"seccomp-learner": ${JSON.stringify(entry)}}}`;
  const r = registerRuntime(before, 'seccomp-learner', entry, 'daemon.json');
  assert.is(r.changed, false);
  assert.is(r.text, before);
});

register('an older registration is replaced and reported', () => {
  const r = registerRuntime('{"runtimes":{"seccomp-learner":{"path":"/old/shim"}}}', 'seccomp-learner', entry, 'daemon.json');
  assert.is(r.changed, true);
  assert.equal(r.previous, { path: '/old/shim' });
  assert.equal(JSON.parse(r.text).runtimes['seccomp-learner'], entry);
});

register('a __proto__ key in the file stays data and touches no prototype', () => {
  const r = registerRuntime('{"__proto__":{"polluted":true},"runtimes":{"__proto__":{"x":1}}}', 'seccomp-learner', entry, 'daemon.json');
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.match(r.text, /"__proto__": \{\n\s+"polluted": true/);
  assert.ok(Object.hasOwn(JSON.parse(r.text).runtimes, 'seccomp-learner'));
});

register('broken JSON, a non-object and a non-object "runtimes" are input errors naming the file', () => {
  for (const [text, message] of [
    ['{"runtimes": ', /^daemon\.json is not valid JSON: /],
    ['[1,2]', /^daemon\.json: expected a JSON object at the top, got \[1,2\]/],
    ['{"runtimes": ["runc"]}', /^daemon\.json: "runtimes" must be an object/],
  ] as const) {
    try {
      registerRuntime(text, 'seccomp-learner', entry, 'daemon.json');
      assert.unreachable(text);
    } catch (error) {
      assert.instance(error, InputError);
      assert.match((error as Error).message, message);
    }
  }
});

register.run();
