import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { podmanHookConfig } from '../../src/engine/hook-config.js';
import { HOOK_SCRIPT, STATE_DIR } from '../../src/engine/locations.js';

const hook = suite('the Podman hooks-dir entry');

hook('runs the hook script with node at prestart, for this session only', () => {
  const config = JSON.parse(podmanHookConfig('0123abcd', '/usr/bin/node'));
  assert.equal(config, {
    version: '1.0.0',
    hook: {
      path: '/usr/bin/node',
      args: ['node', HOOK_SCRIPT, '--state-dir', STATE_DIR, '--session', '0123abcd'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      timeout: 30,
    },
    when: { annotations: { '^io\\.seccomp-learner\\.session$': '^0123abcd$' } },
    stages: ['prestart'],
  });
});

hook('the annotation patterns match the exact key and session, nothing longer', () => {
  const entries = Object.entries(JSON.parse(podmanHookConfig('ab12', '/usr/bin/node')).when.annotations) as [string, string][];
  assert.is(entries.length, 1);
  const [key, value] = entries[0]!;
  assert.ok(new RegExp(key).test('io.seccomp-learner.session'));
  assert.not.ok(new RegExp(key).test('ioXseccomp-learner.session'));
  assert.ok(new RegExp(value).test('ab12'));
  assert.not.ok(new RegExp(value).test('ab123'));
});

hook.run();
