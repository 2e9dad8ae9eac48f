import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { runCli, tempDir } from '../cli.js';
import { fixturePath, readFixture } from '../helpers.js';

const cwd = fixturePath('profiles');
// Spawned CLIs must not inherit uvu's colour variables: Node warns about the pair on stderr.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
const convert = suite('seccomp-learner convert');

convert('--to kubernetes with --name prints the SeccompProfile', async () => {
  const result = await runCli(['convert', 'learned.json', '--to', 'kubernetes', '--name', 'web-app'], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, readFixture('golden', 'profiles', 'learned.kubernetes.yaml'));
  assert.is(result.stderr, '');
});

convert('without --name the file name becomes the object name', async () => {
  const result = await runCli(['convert', 'learned.json', '--to', 'kubernetes'], { cwd, env });
  assert.is((parse(result.stdout) as { metadata: { name: string } }).metadata.name, 'learned');
});

convert('a namespaced SeccompProfile keeps its name and namespace', async () => {
  const result = await runCli(['convert', 'spo-v1beta1.yaml', '--to', 'kubernetes'], { cwd, env });
  assert.is(result.code, 0);
  const resource = parse(result.stdout) as { apiVersion: string; metadata: unknown };
  assert.is(resource.apiVersion, 'security-profiles-operator.x-k8s.io/v1beta1');
  assert.equal(resource.metadata, { name: 'worker', namespace: 'jobs' });
  assert.match(result.stderr, /^seccomp-learner: warning: spo-v1beta1\.yaml: spec\.baseProfileName "runc-v1\.1\.0" is not included/);
});

convert('--to oci prints what OCI cannot express on stderr', async () => {
  const result = await runCli(['convert', 'docker-features.json', '--to', 'oci'], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, readFixture('golden', 'profiles', 'docker-features.oci.json'));
  assert.match(result.stderr, /^seccomp-learner: warning: dropped rules Docker applies only when the container has extra capabilities: mount, umount2$/m);
});

convert('--to systemd -o writes the drop-in file', async () => {
  const out = path.join(tempDir(), 'seccomp.conf');
  const result = await runCli(['convert', 'deny-list.json', '--to', 'systemd', '-o', out], { cwd, env });
  assert.is(result.code, 0);
  assert.is(result.stdout, '');
  assert.is(readFileSync(out, 'utf8'), readFixture('golden', 'profiles', 'deny-list.systemd.conf'));
});

convert('a systemd drop-in converts back to Docker JSON', async () => {
  const result = await runCli(['convert', 'allow-list.conf', '--to', 'docker'], { cwd, env });
  assert.is(result.code, 0);
  assert.equal(JSON.parse(result.stdout).syscalls, [{ names: ['exit_group', 'read', 'write'], action: 'SCMP_ACT_ALLOW' }]);
});

convert('a missing --to exits 2', async () => {
  const result = await runCli(['convert', 'learned.json'], { cwd, env });
  assert.is(result.code, 2);
  assert.match(result.stderr, /required option '--to <format>' not specified/);
});

convert('an invalid Kubernetes name exits 2 with a hint', async () => {
  const result = await runCli(['convert', 'learned.json', '--to', 'kubernetes', '--name', 'Web_App'], { cwd, env });
  assert.is(result.code, 2);
  assert.match(result.stderr, /--name "Web_App" is not a Kubernetes object name/);
});

convert('a misspelt syscall exits 2 with a suggestion', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.json'), '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read","pread"],"action":"SCMP_ACT_ALLOW"}]}');
  const result = await runCli(['convert', 'p.json', '--to', 'oci'], { cwd: dir, env });
  assert.is(result.code, 2);
  assert.is(result.stdout, '');
  assert.is(
    result.stderr,
    'seccomp-learner: p.json: syscalls[0].names[1] "pread" is not a syscall on x86_64; did you mean pread64?\n  hint: a misspelt name never matches, so the call it meant stays denied\n',
  );
});

convert('a missing file exits 2 naming it', async () => {
  const result = await runCli(['convert', 'nope.yaml', '--to', 'oci'], { cwd, env });
  assert.is(result.code, 2);
  assert.is(result.stderr, 'seccomp-learner: nope.yaml: cannot read the profile (no such file)\n');
});

convert.run();
