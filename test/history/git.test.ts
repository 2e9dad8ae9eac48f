import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.js';
import { parseLog, profileRevisions, showRevisions } from '../../src/history/git.js';
import { commandExists } from '../../src/io/which.js';
import { tempDir } from '../cli.js';
import { skipUnless } from '../helpers.js';
import { allowJson, gitRepo } from './repo.js';

const hasGit = commandExists('git');

const parse = suite('reading git log --follow --name-status');

parse('each commit with its status line; renames give the new path, deletions are marked', () => {
  const text = [
    '\x1eccc\x1fc3\x1f2024-01-03T12:00:00+00:00\x1fDrop it',
    '',
    'D\tprofiles/app.json',
    '\x1ebbb\x1fb2\x1f2024-01-02T12:00:00+00:00\x1fMove: a \x1f b',
    '',
    'R087\tp.json\tprofiles/app.json',
    '\x1eaaa\x1fa1\x1f2024-01-01T12:00:00+00:00\x1fFirst',
    '',
    'A\tp.json',
    '',
  ].join('\n');
  assert.equal(parseLog(text), [
    { commit: 'ccc', shortCommit: 'c3', date: '2024-01-03T12:00:00+00:00', subject: 'Drop it', path: 'profiles/app.json', deleted: true },
    { commit: 'bbb', shortCommit: 'b2', date: '2024-01-02T12:00:00+00:00', subject: 'Move: a \x1f b', path: 'profiles/app.json', deleted: false },
    { commit: 'aaa', shortCommit: 'a1', date: '2024-01-01T12:00:00+00:00', subject: 'First', path: 'p.json', deleted: false },
  ]);
});

parse('a commit that lists no file (a merge) is left out', () => {
  assert.equal(parseLog('\x1eaaa\x1fa1\x1f2024-01-01T12:00:00+00:00\x1fMerge branch\n'), []);
});

const repo = suite('a profile in a real git repository');

repo('revisions oldest first, following a rename, with each version\'s text', async () => {
  if (skipUnless(hasGit, 'git', 'history git rename')) return;
  const { dir, hashes } = await gitRepo([
    { subject: 'First', files: { 'p.json': allowJson(['read']) } },
    { subject: 'Unrelated', files: { 'README': 'hello\n' } },
    { subject: 'Move it', move: ['p.json', 'profiles/app.json'] },
    { subject: 'Allow write', files: { 'profiles/app.json': allowJson(['read', 'write']) } },
  ]);
  const log = await profileRevisions(path.join(dir, 'profiles', 'app.json'));
  assert.equal(log.revisions.map((r) => [r.subject, r.path, r.commit]), [
    ['First', 'p.json', hashes[0]],
    ['Move it', 'profiles/app.json', hashes[2]],
    ['Allow write', 'profiles/app.json', hashes[3]],
  ]);
  assert.is(log.revisions[0]?.date, '2024-01-01T12:00:00+00:00');
  assert.is(log.baseline, undefined);
  const texts = await showRevisions(path.join(dir, 'profiles'), log.revisions);
  assert.equal(texts.map((t) => JSON.parse(t.text ?? '{}').syscalls[0].names), [['read'], ['read'], ['read', 'write']]);
});

repo('--since keeps the later commits and the last version at or before it as the baseline', async () => {
  if (skipUnless(hasGit, 'git', 'history git since')) return;
  const { dir, hashes } = await gitRepo([
    { subject: 'One', files: { 'p.json': allowJson(['read']) } },
    { subject: 'Two', files: { 'p.json': allowJson(['read', 'write']) } },
    { subject: 'Elsewhere', files: { 'x': 'x\n' } },
    { subject: 'Three', files: { 'p.json': allowJson(['write']) } },
  ]);
  const log = await profileRevisions(path.join(dir, 'p.json'), 'HEAD~1');
  assert.equal(log.revisions.map((r) => r.subject), ['Three']);
  assert.is(log.baseline?.commit, hashes[1]);
});

repo('a bad --since, a file never committed and a directory outside git are input errors', async () => {
  if (skipUnless(hasGit, 'git', 'history git errors')) return;
  const { dir } = await gitRepo([{ subject: 'One', files: { 'p.json': allowJson(['read']) } }]);
  const rejects = async (work: Promise<unknown>, message: RegExp) => {
    try {
      await work;
      assert.unreachable('should have failed');
    } catch (error) {
      assert.instance(error, InputError);
      assert.match((error as Error).message, message);
    }
  };
  await rejects(profileRevisions(path.join(dir, 'p.json'), 'no-such-rev'), /--since "no-such-rev" is not a commit in this repository/);
  await rejects(profileRevisions(path.join(dir, 'p.json'), '--all'), /--since "--all" is not a revision/);
  await rejects(profileRevisions(path.join(dir, 'new.json')), /new\.json has no history in git/);
  const outside = tempDir();
  await rejects(profileRevisions(path.join(outside, 'p.json')), /is not inside a git repository/);
});

parse.run();
repo.run();
