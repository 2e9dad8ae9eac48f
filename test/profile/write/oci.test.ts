import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProfile } from '../../../src/profile/read.js';
import { writeOciProfile } from '../../../src/profile/write/oci.js';
import { writeDockerProfile } from '../../../src/profile/write/docker.js';
import { readFixture } from '../../helpers.js';
import { matchGolden } from '../golden.js';

const oci = suite('OCI writer');

oci('a learned profile is written as the OCI subset, byte for byte as the golden file', () => {
  const { profile } = parseProfile(readFixture('profiles', 'learned.json'), 'learned.json');
  const { text, warnings } = writeOciProfile(profile);
  matchGolden('learned.oci.json', text);
  assert.equal(warnings, []);
});

oci('for a profile without Docker-only fields OCI and Docker output are the same bytes', () => {
  const { profile } = parseProfile(readFixture('profiles', 'learned.json'), 'learned.json');
  assert.is(writeOciProfile(profile).text, writeDockerProfile(profile));
});

oci('Docker-only features are resolved as for a container without extra capabilities, each with a warning', () => {
  const { profile } = parseProfile(readFixture('profiles', 'docker-features.json'), 'docker-features.json');
  const { text, warnings } = writeOciProfile(profile);
  matchGolden('docker-features.oci.json', text);
  assert.equal(warnings, [
    'archMap became architectures SCMP_ARCH_AARCH64, SCMP_ARCH_X32, SCMP_ARCH_X86, SCMP_ARCH_X86_64: Docker uses only the entry of the host\'s architecture, this format lists them all',
    'rules Docker limits to some architectures now apply on every listed one: arch_prctl',
    'dropped rules Docker applies only when the container has extra capabilities: mount, umount2',
    'kept rules Docker applies only on newer kernels, now applied on every kernel: ptrace',
    'kept rules Docker skips when the container has extra capabilities, now always applied: clone, clone3',
  ]);
  const written = JSON.parse(text) as Record<string, unknown>;
  for (const key of ['archMap', 'defaultErrno']) assert.not.ok(key in written, `${key} is not OCI`);
  assert.not.match(text, /"(name|comment|includes|excludes)"/);
});

oci('the same profile always gives the same bytes', () => {
  const { profile } = parseProfile(readFixture('profiles', 'docker-features.json'), 'docker-features.json');
  const shuffled = { ...profile, syscalls: [...profile.syscalls].reverse().map((r) => ({ ...r, names: [...r.names].reverse() })) };
  assert.is(writeOciProfile(shuffled).text, writeOciProfile(profile).text);
});

oci.run();
