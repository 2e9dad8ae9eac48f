import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli.js';
import { skipUnless } from '../helpers.js';
import { commandExists } from '../../src/io/which.js';
import { allowJson, gitRepo } from '../history/repo.js';

const hasGit = commandExists('git');
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;

// Three commits changing the profile, one touching something else, one that breaks it and one that fixes it.
async function story() {
  return gitRepo([
    { subject: 'Learn the first profile', files: { 'p.json': allowJson(['read', 'write', 'exit_group'], [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]) } },
    { subject: 'Allow chdir, drop write; clone3 for threads', files: { 'p.json': allowJson(['read', 'exit_group', 'chdir', 'clone3']) } },
    { subject: 'Docs', files: { 'README.md': 'profile\n' } },
    { subject: 'Hand edit | *oops*', files: { 'p.json': '{"defaultAction": "SCMP_ACT_ALOW", "syscalls": []}\n' } },
    { subject: 'Fix the edit and allow mount', files: { 'p.json': allowJson(['read', 'exit_group', 'chdir', 'clone3', 'mount']) } },
  ]);
}

// Hashes depend on git's object format; tests compare them by position.
function withoutHashes(text: string, hashes: string[]): string {
  let out = text;
  hashes.forEach((hash, i) => {
    out = out.replaceAll(hash, `<${i + 1}>`);
    out = out.replace(new RegExp(`\\b${hash.slice(0, 7)}[0-9a-f]*\\b`, 'g'), `<${i + 1}>`);
  });
  return out;
}

const history = suite('seccomp-learner history (real git)');

history('text: every commit that touched the profile, oldest first, with its changes', async () => {
  if (skipUnless(hasGit, 'git', 'history CLI text')) return;
  const { dir, hashes } = await story();
  const r = await runCli(['history', 'p.json'], { cwd: dir, env });
  assert.is(r.stderr, '');
  assert.is(r.code, 0);
  const out = withoutHashes(r.stdout, hashes);
  assert.match(out, /^history of p\.json: 4 commit\(s\), oldest first\n/);
  assert.match(out, /\n2024-01-01 <1> Learn the first profile\n {2}created\n {2}\+ SCMP_ACT_ALLOW: exit_group read write\n {2}\+ SCMP_ACT_ERRNO\(38\): clone3\n/);
  assert.match(out, /\n2024-01-02 <2> Allow chdir, drop write; clone3 for threads\n {2}\+ SCMP_ACT_ALLOW: chdir\n {2}- SCMP_ACT_ALLOW: write\n {2}~ clone3: SCMP_ACT_ERRNO\(38\) -> SCMP_ACT_ALLOW\n/);
  assert.match(out, /\n2024-01-04 <4> Hand edit \| \*oops\*\n {2}cannot be read: <4>:p\.json: defaultAction "SCMP_ACT_ALOW"[^\n]*\n/);
  assert.match(out, /\n2024-01-05 <5> Fix the edit and allow mount\n {2}\(compared with <2>\)\n {2}\+ SCMP_ACT_ALLOW: mount\n {2}! sensitive: mount \([^\n]+\)\n$/);
  assert.not.match(out, /Docs/);
});

history('markdown: a heading per commit, subjects escaped', async () => {
  if (skipUnless(hasGit, 'git', 'history CLI markdown')) return;
  const { dir, hashes } = await story();
  const r = await runCli(['history', 'p.json', '--format', 'markdown'], { cwd: dir, env });
  assert.is(r.code, 0, r.stderr);
  const out = withoutHashes(r.stdout, hashes);
  assert.match(out, /^## Profile history: `p\.json`\n\n4 commit\(s\), oldest first\.\n/);
  assert.match(out, /\n### 2024-01-02 · `<2>` · Allow chdir, drop write; clone3 for threads\n\n- added \(`SCMP_ACT_ALLOW`\): `chdir`\n- removed \(`SCMP_ACT_ALLOW`\): `write`\n- changed `clone3`: `SCMP_ACT_ERRNO\(38\)` → `SCMP_ACT_ALLOW`\n/);
  assert.match(out, /\n### 2024-01-04 · `<4>` · Hand edit \\\| \\\*oops\\\*\n\n- ⚠️ cannot be read: `/);
});

history('json, and --since: only later commits, the first compared with the version at <rev>', async () => {
  if (skipUnless(hasGit, 'git', 'history CLI since')) return;
  const { dir, hashes } = await story();
  const r = await runCli(['history', 'p.json', '--since', hashes[2]!, '--format', 'json'], { cwd: dir, env });
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.order, 'oldest-first');
  assert.is(out.since, hashes[2]);
  assert.equal(out.commits.map((c: { commit: string; kind: string }) => [c.commit, c.kind]), [[hashes[3], 'unreadable'], [hashes[4], 'changed']]);
  assert.equal(out.commits[1].added, [{ treatment: 'SCMP_ACT_ALLOW', names: ['mount'] }]);
  assert.is(out.commits[1].comparedWith, hashes[1]!.slice(0, out.commits[1].comparedWith.length));
  assert.is(out.commits[1].date, '2024-01-05T12:00:00+00:00');
});

history('works from outside the repository, and a bad --since is exit 2', async () => {
  if (skipUnless(hasGit, 'git', 'history CLI outside')) return;
  const { dir } = await story();
  const r = await runCli(['history', `${dir}/p.json`], { cwd: '/', env });
  assert.is(r.code, 0, r.stderr);
  const bad = await runCli(['history', 'p.json', '--since', 'nope'], { cwd: dir, env });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--since "nope" is not a commit in this repository/);
});

history.run();
