import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTimeline, type RevisionText } from '../../src/history/timeline.js';
import { allowJson } from './repo.js';

let n = 0;
function rev(text: string | undefined, extra: Partial<RevisionText> = {}): RevisionText {
  n++;
  const out: RevisionText = { commit: `c${n}`.padEnd(40, '0'), shortCommit: `c${n}`, date: `2024-01-0${n}T12:00:00+00:00`, subject: `commit ${n}`, path: 'p.json', deleted: false, ...extra };
  if (text !== undefined) out.text = text;
  return out;
}

const ENOSYS_CLONE3 = { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 };

const timeline = suite('a profile over its commits');

timeline('the first version is created with everything it names, grouped by treatment', () => {
  const [entry] = buildTimeline([rev(allowJson(['read', 'exit_group'], [ENOSYS_CLONE3]))]);
  assert.is(entry?.kind, 'created');
  assert.equal(entry?.added, [
    { treatment: 'SCMP_ACT_ALLOW', names: ['exit_group', 'read'] },
    { treatment: 'SCMP_ACT_ERRNO(38)', names: ['clone3'] },
  ]);
  assert.equal(entry?.removed, []);
  assert.equal(entry?.other, []);
});

timeline('later versions list added, removed and changed syscalls against the one before', () => {
  const entries = buildTimeline([rev(allowJson(['read', 'write'], [ENOSYS_CLONE3])), rev(allowJson(['read', 'chdir', 'clone3']))]);
  const second = entries[1]!;
  assert.is(second.kind, 'changed');
  assert.equal(second.added, [{ treatment: 'SCMP_ACT_ALLOW', names: ['chdir'] }]);
  assert.equal(second.removed, [{ treatment: 'SCMP_ACT_ALLOW', names: ['write'] }]);
  assert.equal(second.changed, [{ name: 'clone3', old: 'SCMP_ACT_ERRNO(38)', new: 'SCMP_ACT_ALLOW' }]);
  assert.is(second.comparedWith, undefined);
});

timeline('a rewrite that means the same is unchanged', () => {
  const a = allowJson(['write', 'read']);
  const b = JSON.stringify({ syscalls: [{ action: 'SCMP_ACT_ALLOW', names: ['read', 'write'] }], defaultErrnoRet: 1, defaultAction: 'SCMP_ACT_ERRNO' });
  assert.is(buildTimeline([rev(a), rev(b)])[1]?.kind, 'unchanged');
});

timeline('a version that does not parse is reported, and the next is compared with the last good one', () => {
  const entries = buildTimeline([rev(allowJson(['read'])), rev('{"defaultAction": "SCMP_ACT_ALOW"'), rev(allowJson(['read', 'write']))]);
  assert.is(entries[1]?.kind, 'unreadable');
  assert.match(entries[1]?.error ?? '', /^c\d+:p\.json: /);
  assert.is(entries[2]?.kind, 'changed');
  assert.equal(entries[2]?.added, [{ treatment: 'SCMP_ACT_ALLOW', names: ['write'] }]);
  assert.is(entries[2]?.comparedWith, entries[0]?.shortCommit);
});

timeline('a deletion ends the story; a later version starts it again', () => {
  const entries = buildTimeline([rev(allowJson(['read'])), rev(undefined, { deleted: true }), rev(allowJson(['write']))]);
  assert.equal(entries.map((e) => e.kind), ['created', 'deleted', 'created']);
});

timeline('default action and architecture changes are noted; sensitive additions are flagged', () => {
  const before = allowJson(['read']);
  const after = JSON.stringify({ defaultAction: 'SCMP_ACT_KILL', architectures: ['SCMP_ARCH_X86_64'], syscalls: [{ names: ['read', 'mount'], action: 'SCMP_ACT_ALLOW' }] });
  const entry = buildTimeline([rev(before), rev(after)])[1]!;
  assert.equal(entry.other, ['default action SCMP_ACT_ERRNO(1) -> SCMP_ACT_KILL', 'architectures added: SCMP_ARCH_X86_64']);
  assert.equal(entry.sensitive.map((s) => s.name), ['mount']);
});

timeline('with a baseline the first shown version is compared with it', () => {
  const baseline = rev(allowJson(['read']));
  const [entry] = buildTimeline([rev(allowJson(['read', 'write']))], baseline);
  assert.is(entry?.kind, 'changed');
  assert.equal(entry?.added, [{ treatment: 'SCMP_ACT_ALLOW', names: ['write'] }]);
});

timeline.run();
