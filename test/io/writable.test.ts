import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { assertWritable } from '../../src/io/writable.js';
import { LearnerError } from '../../src/errors.js';
import { tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';

const writable = suite('assertWritable: an output that cannot be written fails before any work starts');
const isRoot = process.getuid?.() === 0;

async function message(targets: string[]): Promise<string> {
  try {
    await assertWritable(targets);
  } catch (error) {
    assert.instance(error, LearnerError);
    assert.is((error as LearnerError).exitCode, 2);
    return (error as LearnerError).message;
  }
  return 'writable';
}

writable('a writable directory passes and keeps no probe file', async () => {
  const dir = tempDir();
  assert.is(await message([path.join(dir, 'p.json'), path.join(dir, 'r.json')]), 'writable');
  assert.equal(readdirSync(dir), []);
});

writable('a missing directory and a directory in place of the file are named', async () => {
  const dir = tempDir();
  assert.is(await message([path.join(dir, 'nope', 'p.json')]), `cannot write ${dir}/nope/p.json: its directory does not exist (ENOENT)`);
  mkdirSync(path.join(dir, 'p.json'));
  assert.is(await message([path.join(dir, 'p.json')]), `cannot write ${dir}/p.json: it is a directory (EISDIR)`);
});

writable('a read-only file system (even for root) is caught', async () => {
  if (skipUnless(isRoot, 'root (mounts a tmpfs)', 'assertWritable read-only')) return;
  const dir = tempDir('sl-tmpfs-');
  await execa('mount', ['-t', 'tmpfs', '-o', 'ro,size=16k', 'tmpfs', dir]);
  try {
    assert.is(await message([path.join(dir, 'p.json')]), `cannot write ${dir}/p.json: the file system is read-only (EROFS)`);
  } finally {
    await execa('umount', [dir]);
    rmdirSync(dir);
  }
});

writable.run();
