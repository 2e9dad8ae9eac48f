import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.js';
import { readProfileFile } from '../../src/profile/read-file.js';
import { writeProfile } from '../../src/profile/write/index.js';
import { skipUnless } from '../helpers.js';
import { execa } from 'execa';

const readFile = suite('reading a profile file');

async function messageOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    assert.instance(error, InputError);
    return (error as Error).message;
  }
  assert.unreachable('expected an InputError');
  return '';
}

readFile('a missing file is an input error naming it', async () => {
  assert.is(await messageOf(readProfileFile('/nonexistent/p.json')), '/nonexistent/p.json: cannot read the profile (no such file)');
});

readFile('a directory is an input error naming it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-profile-'));
  assert.is(await messageOf(readProfileFile(dir, 'profiles/')), 'profiles/: cannot read the profile (is a directory, expected a profile file)');
});

readFile('the source label is used in validation errors', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sl-profile-')), 'p.json');
  writeFileSync(file, '{"defaultAction":"SCMP_ACT_ALOW"}');
  assert.match(await messageOf(readProfileFile(file, 'p.json')), /^p\.json: defaultAction "SCMP_ACT_ALOW" is not a seccomp action;/);
});

readFile('a profile from a pipe, as a shell <(…) gives it, is read to its end', async () => {
  const fifo = path.join(mkdtempSync(path.join(os.tmpdir(), 'sl-profile-')), 'p.json');
  await execa('mkfifo', [fifo]);
  const writer = execa('sh', ['-c', `printf '%s' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[]}' > ${fifo}`]);
  const parsed = await readProfileFile(fifo, '/dev/fd/63');
  await writer;
  assert.equal(parsed.profile, { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] });
});

// containers-common ships Podman's default profile: real-world archMap, includes/excludes, errno names.
const PODMAN_DEFAULT = '/usr/share/containers/seccomp.json';

readFile("Podman's installed default profile reads, and converts to every format", async () => {
  if (skipUnless(existsSync(PODMAN_DEFAULT), PODMAN_DEFAULT, "reading Podman's default profile")) return;
  const parsed = await readProfileFile(PODMAN_DEFAULT);
  assert.is(parsed.format, 'docker');
  assert.ok(parsed.profile.syscalls.length > 10);
  for (const format of ['docker', 'oci', 'kubernetes', 'systemd'] as const) {
    assert.ok(writeProfile(parsed.profile, format, { name: 'podman-default' }).text.length > 100, format);
  }
});

readFile.run();
