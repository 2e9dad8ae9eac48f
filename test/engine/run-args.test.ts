import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRunArgs, runtimeFromArgs } from '../../src/engine/run-args.js';
import { InputError } from '../../src/errors.js';

const check = suite('checking the user\'s run arguments');

function refused(engine: 'docker' | 'podman', args: string[], message: RegExp): void {
  try {
    checkRunArgs(engine, args);
    assert.unreachable(args.join(' '));
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, message);
  }
}

check('ordinary run options pass untouched', () => {
  checkRunArgs('docker', ['--rm', '-e', 'A=1', '--security-opt', 'no-new-privileges', '-p', '8080:80', 'nginx:1']);
  checkRunArgs('podman', ['--runtime', 'crun', 'alpine', 'sh', '-c', 'true']);
});

check('a seccomp option in any spelling is refused: the learner picks the filter', () => {
  for (const args of [['--security-opt', 'seccomp=p.json', 'img'], ['--security-opt=seccomp=unconfined', 'img'], ['--security-opt', 'seccomp:p.json', 'img']]) {
    refused('docker', args, /the learner chooses the seccomp filter itself/);
  }
});

check('--runtime is refused for Docker only: recording needs the shim', () => {
  refused('docker', ['--runtime', 'runc', 'img'], /--runtime in the docker run arguments/);
  refused('docker', ['--runtime=runc', 'img'], /--runtime/);
});

check('no arguments at all names what is expected', () => {
  refused('podman', [], /^no podman run arguments after --; expected at least an image/);
});

check('podman --runtime picks the runtime the report names', () => {
  assert.is(runtimeFromArgs(['--runtime', '/usr/bin/crun', 'img']), 'crun');
  assert.is(runtimeFromArgs(['--runtime=runc', 'img']), 'runc');
  assert.is(runtimeFromArgs(['img', 'sh']), undefined);
});

check.run();
