import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProfile } from '../../../src/profile/read.js';
import { writeSystemdDropIn } from '../../../src/profile/write/systemd.js';
import { readFixture } from '../../helpers.js';
import { matchGolden } from '../golden.js';

const systemd = suite('systemd drop-in writer');

systemd('an allow-list profile becomes SystemCallFilter= lines and says what systemd cannot express', () => {
  const { profile } = parseProfile(readFixture('profiles', 'learned.json'), 'learned.json');
  const { text, warnings } = writeSystemdDropIn(profile);
  matchGolden('learned.systemd.conf', text);
  assert.equal(warnings, [
    'systemd cannot filter on arguments: allowed without their conditions: personality',
    'systemd cannot give single syscalls their own action in an allow list; these get SystemCallErrorNumber=EPERM instead: clone3 (SCMP_ACT_ERRNO(38)), faccessat2 (SCMP_ACT_ERRNO(38))',
  ]);
});

systemd('a deny-list profile uses ~name:ERRNO, and plain names for kills', () => {
  const { profile } = parseProfile(readFixture('profiles', 'deny-list.json'), 'deny-list.json');
  const { text, warnings } = writeSystemdDropIn(profile);
  matchGolden('deny-list.systemd.conf', text);
  assert.match(text, /^SystemCallFilter=~clone3:ENOSYS kexec_load mount:EPERM ptrace:EPERM$/m);
  assert.equal(warnings, []);
});

systemd('a kill default writes no SystemCallErrorNumber, so systemd kills', () => {
  const { profile } = parseProfile(readFixture('profiles', 'kill-default.json'), 'kill-default.json');
  const { text } = writeSystemdDropIn(profile);
  assert.not.match(text, /SystemCallErrorNumber/);
  assert.match(text, /^SystemCallFilter=exit_group read$/m);
});

systemd('long allow lists wrap onto several lines that systemd adds together', () => {
  const names = Array.from({ length: 40 }, (_, i) => `name_${String(i).padStart(2, '0')}`);
  const { text } = writeSystemdDropIn({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names, action: 'SCMP_ACT_ALLOW' }] });
  const lines = text.split('\n').filter((l) => l.startsWith('SystemCallFilter='));
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(line.length <= 100, line);
  assert.equal(lines.flatMap((l) => l.slice('SystemCallFilter='.length).split(' ')), names);
});

systemd.run();
