import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizeProfile, type Profile } from '../../../src/profile/model.js';
import { parseProfile } from '../../../src/profile/read.js';
import { PROFILE_FORMATS, writeProfile } from '../../../src/profile/write/index.js';
import { readFixture } from '../../helpers.js';

const roundTrip = suite('docker → format → docker keeps what the format can express');

const learned = (): Profile => parseProfile(readFixture('profiles', 'learned.json'), 'learned.json').profile;
const back = (text: string): Profile => parseProfile(text, 'written').profile;

roundTrip('oci keeps everything of an OCI-subset profile', () => {
  assert.equal(back(writeProfile(learned(), 'oci').text), learned());
});

roundTrip('kubernetes keeps everything but an EPERM defaultErrnoRet, which means the same', () => {
  const { defaultErrnoRet, ...rest } = learned();
  assert.is(defaultErrnoRet, 1);
  assert.equal(back(writeProfile(learned(), 'kubernetes', { name: 'x' }).text), rest);
});

roundTrip('kubernetes keeps flags, listener fields and argument conditions', () => {
  const rich: Profile = normalizeProfile({
    defaultAction: 'SCMP_ACT_ERRNO',
    flags: ['SECCOMP_FILTER_FLAG_LOG'],
    listenerPath: '/var/run/agent.sock',
    listenerMetadata: 'a: b # not a comment',
    syscalls: [
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
      { names: ['openat'], action: 'SCMP_ACT_NOTIFY' },
    ],
  });
  assert.equal(back(writeProfile(rich, 'kubernetes', { name: 'x' }).text), rich);
});

roundTrip('systemd keeps an allow list with its errno and arches', () => {
  const simple: Profile = normalizeProfile({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 13,
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
    syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }],
  });
  assert.equal(back(writeProfile(simple, 'systemd').text), simple);
});

roundTrip('systemd keeps a deny list with per-syscall errnos and kills', () => {
  const deny = parseProfile(readFixture('profiles', 'deny-list.json'), 'deny-list.json').profile;
  assert.equal(back(writeProfile(deny, 'systemd').text), deny);
});

const dispatch = suite('writeProfile');

dispatch('every format ends in exactly one newline and is deterministic', () => {
  for (const format of PROFILE_FORMATS) {
    const first = writeProfile(learned(), format, { name: 'x' }).text;
    assert.ok(first.endsWith('\n') && !first.endsWith('\n\n'), format);
    assert.is(writeProfile(learned(), format, { name: 'x' }).text, first, format);
  }
});

for (const s of [roundTrip, dispatch]) s.run();
