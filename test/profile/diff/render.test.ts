import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffProfiles } from '../../../src/profile/diff.js';
import { renderDiff } from '../../../src/profile/diff/render.js';
import { parseProfile } from '../../../src/profile/read.js';
import { readFixture } from '../../helpers.js';
import { matchGolden } from '../golden.js';

const load = (name: string) => parseProfile(readFixture('profiles', name), name).profile;
const diff = () => diffProfiles(load('diff-old.json'), load('diff-new.json'), { old: 'diff-old.json', new: 'diff-new.json' });

const render = suite('diff renderers');

render('text matches the golden file', () => matchGolden('diff.txt', renderDiff(diff(), 'text')));

render('markdown matches the golden file and marks the sensitive row', () => {
  const text = renderDiff(diff(), 'markdown');
  matchGolden('diff.md', text);
  assert.match(text, /^\| ⚠️ \| `mount` \| added \|/m);
  assert.match(text.split('\n')[0] ?? '', /^\*\*seccomp profile:\*\* 2 added \(1 sensitive\), 1 removed, 4 changed ⚠️$/);
});

render('json is the diff itself', () => {
  const text = renderDiff(diff(), 'json');
  matchGolden('diff.json', text);
  assert.equal(JSON.parse(text), JSON.parse(JSON.stringify(diff())));
});

render('no changes says so in every format', () => {
  const same = diffProfiles(load('learned.json'), load('learned.json'), { old: 'a', new: 'b' });
  assert.is(renderDiff(same, 'text'), 'seccomp profile diff a -> b: no changes\n');
  assert.match(renderDiff(same, 'markdown'), /^\*\*seccomp profile:\*\* no changes\n/);
});

render.run();
