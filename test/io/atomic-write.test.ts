import { lstatSync, readdirSync, readFileSync, rmdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { LearnerError } from '../../src/errors.js';
import { tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';

const atomic = suite('writeFileAtomic: the old file or the new one, never a half, never a temp file left');
const isRoot = process.getuid?.() === 0;

async function rejection(work: Promise<unknown>): Promise<LearnerError> {
  try {
    await work;
  } catch (error) {
    assert.instance(error, LearnerError);
    return error as LearnerError;
  }
  throw new Error('the write succeeded');
}

atomic('replaces the content and leaves only the target', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'p.json');
  writeFileSync(target, 'old\n');
  await writeFileAtomic(target, 'new\n');
  assert.is(readFileSync(target, 'utf8'), 'new\n');
  assert.equal(readdirSync(dir), ['p.json']);
});

atomic('a disk that fills up mid-write (a 12 KiB tmpfs): ENOSPC, exit 2, the old content intact, no temp file', async () => {
  if (skipUnless(isRoot, 'root (mounts a tmpfs)', 'atomic write on a full disk')) return;
  const dir = tempDir('sl-tmpfs-');
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', dir]);
  try {
    const target = path.join(dir, 'p.json');
    writeFileSync(target, 'old\n');
    const error = await rejection(writeFileAtomic(target, 'x'.repeat(64 * 1024)));
    assert.is(error.message, `cannot write ${target}: no space left on the device (ENOSPC)`);
    assert.is(error.exitCode, 2);
    assert.match(error.hint ?? '', /the existing .*p\.json was left as it was$/);
    assert.is(readFileSync(target, 'utf8'), 'old\n');
    assert.equal(readdirSync(dir), ['p.json']);
  } finally {
    await execa('umount', [dir]);
    rmdirSync(dir);
  }
});

atomic('a missing directory: ENOENT in words', async () => {
  const target = path.join(tempDir(), 'no-such-dir', 'p.json');
  const error = await rejection(writeFileAtomic(target, '{}\n'));
  assert.is(error.message, `cannot write ${target}: its directory does not exist (ENOENT)`);
  assert.is(error.hint, 'create the directory first, or choose another path');
});

atomic('a device is written in place, never replaced: -o /dev/null leaves /dev/null a device', async () => {
  await writeFileAtomic('/dev/null', '{}\n');
  assert.ok(statSync('/dev/null').isCharacterDevice());
  assert.equal(readdirSync('/dev').filter((name) => name.startsWith('.null.')), []);
});

atomic('a symlink is followed: the file it points to is replaced and the link stays a link', async () => {
  const dir = tempDir();
  const real = path.join(dir, 'real.json');
  const link = path.join(dir, 'link.json');
  writeFileSync(real, 'old\n');
  symlinkSync('real.json', link);
  await writeFileAtomic(link, 'new\n');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.is(readFileSync(real, 'utf8'), 'new\n');
  assert.equal(readdirSync(dir).sort(), ['link.json', 'real.json']);
});

atomic.run();
