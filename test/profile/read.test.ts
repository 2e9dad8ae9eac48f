import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.js';
import { parseProfile } from '../../src/profile/read.js';
import { readFixture } from '../helpers.js';

function errorOf(text: string, source = 'p.json'): string {
  try {
    parseProfile(text, source);
  } catch (error) {
    assert.instance(error, InputError);
    return (error as Error).message;
  }
  assert.unreachable('expected an InputError');
  return '';
}

const rule = (extra: string) => `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"},${extra}]}`;

const detect = suite('detecting the format');

detect('a bare profile with only OCI fields is oci', () => {
  const parsed = parseProfile(readFixture('profiles', 'learned.json'), 'learned.json');
  assert.is(parsed.format, 'oci');
  assert.equal(parsed.warnings, []);
  assert.is(parsed.profile.defaultAction, 'SCMP_ACT_ERRNO');
});

detect('a profile using Docker-only fields is docker', () => {
  const parsed = parseProfile(readFixture('profiles', 'docker-features.json'), 'docker-features.json');
  assert.is(parsed.format, 'docker');
  assert.is(parsed.profile.defaultErrnoRet, 1, 'the Podman errno name became a number');
  assert.equal(parsed.profile.archMap?.[0], { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] });
  assert.ok(parsed.profile.syscalls.some((r) => r.names.includes('getpid')), 'the deprecated name field is read');
  assert.ok(parsed.profile.syscalls.some((r) => r.names.includes('clone3') && r.errnoRet === 38 && r.excludes?.caps?.[0] === 'CAP_SYS_ADMIN'));
});

detect('a whole OCI config.json is read from linux.seccomp', () => {
  const parsed = parseProfile(readFixture('profiles', 'oci-config.json'), 'config.json');
  assert.is(parsed.format, 'oci-config');
  assert.equal(parsed.profile.syscalls[0]?.names, ['exit_group', 'read', 'write']);
});

detect('a SeccompProfile v1 is kubernetes, with its name kept', () => {
  const parsed = parseProfile(readFixture('profiles', 'spo-v1.yaml'), 'spo.yaml');
  assert.is(parsed.format, 'kubernetes');
  assert.equal(parsed.metadata, { name: 'web-app' });
  assert.equal(parsed.profile.syscalls[1], { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
});

detect('a v1beta1 SeccompProfile with a string errnoRet and a base profile reads with a warning', () => {
  const parsed = parseProfile(readFixture('profiles', 'spo-v1beta1.yaml'), 'b.yaml');
  assert.equal(parsed.metadata, { name: 'worker', namespace: 'jobs' });
  assert.is(parsed.profile.syscalls.find((r) => r.names[0] === 'clone3')?.errnoRet, 38);
  assert.equal(parsed.warnings, [
    'b.yaml: spec.baseProfileName "runc-v1.1.0" is not included: the operator unions that profile in when it installs this one, so only this profile\'s own syscalls were read',
  ]);
});

detect('a SeccompProfile written as JSON is kubernetes too', () => {
  const text = JSON.stringify({ apiVersion: 'security-profiles-operator.x-k8s.io/v1', kind: 'SeccompProfile', metadata: { name: 'j' }, spec: { defaultAction: 'SCMP_ACT_LOG' } });
  assert.is(parseProfile(text, 'j.json').format, 'kubernetes');
});

detect('a systemd allow-list drop-in becomes ALLOW rules and an errno default', () => {
  const parsed = parseProfile(readFixture('profiles', 'allow-list.conf'), 'seccomp.conf');
  assert.is(parsed.format, 'systemd');
  assert.equal(parsed.profile, {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X86_64'],
    syscalls: [{ names: ['exit_group', 'read', 'write'], action: 'SCMP_ACT_ALLOW' }],
  });
});

detect('a systemd deny list keeps per-syscall errnos and kills the rest', () => {
  const text = '[Service]\nSystemCallFilter=~ptrace:EPERM clone3:ENOSYS kexec_load\n';
  assert.equal(parseProfile(text, 'd.conf').profile, {
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [
      { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      { names: ['kexec_load'], action: 'SCMP_ACT_KILL_PROCESS' },
    ],
  });
});

detect('later systemd lines add to or take from the first one, and an empty one resets', () => {
  const text = '[Service]\nSystemCallFilter=read write\nSystemCallFilter=~write\nSystemCallFilter=close\n';
  assert.equal(parseProfile(text, 's.conf').profile.syscalls[0]?.names, ['close', 'read']);
  const reset = '[Service]\nSystemCallFilter=~ptrace\nSystemCallFilter=\nSystemCallFilter=read\n';
  assert.is(parseProfile(reset, 's.conf').profile.defaultAction, 'SCMP_ACT_KILL_PROCESS');
});

detect('a byte-order mark in front of JSON is ignored', () => {
  assert.is(parseProfile('\uFEFF{"defaultAction":"SCMP_ACT_ALLOW"}', 'bom.json').profile.defaultAction, 'SCMP_ACT_ALLOW');
});

const errors = suite('validation errors name the file, the field and what was expected');

const cases: [string, string, string][] = [
  ['a misspelt action', rule('{"names":["write"],"action":"SCMP_ACT_ALOW"}'),
    'p.json: syscalls[1].action "SCMP_ACT_ALOW" is not a seccomp action; expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY; did you mean SCMP_ACT_ALLOW?'],
  ['a missing default action', '{"syscalls":[]}',
    'p.json: defaultAction is missing; expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY'],
  ['NOTIFY as the default', '{"defaultAction":"SCMP_ACT_NOTIFY"}',
    'p.json: defaultAction SCMP_ACT_NOTIFY cannot be the default action (runc and crun refuse it); expected another seccomp action'],
  ['a misspelt syscall', rule('{"names":["pread"],"action":"SCMP_ACT_ALLOW"}'),
    'p.json: syscalls[1].names[0] "pread" is not a syscall on x86_64; did you mean pread64?'],
  ['a misspelt syscall on every listed arch', '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_AARCH64"],"syscalls":[{"names":["pread"],"action":"SCMP_ACT_ALLOW"}]}',
    'p.json: syscalls[0].names[0] "pread" is not a syscall on any of x86_64, aarch64; did you mean pread64?'],
  ['a name that is not a syscall name at all', rule('{"names":["Read "],"action":"SCMP_ACT_ALLOW"}'),
    'p.json: syscalls[1].names[0] "Read " is not a syscall name; expected lower-case letters, digits and _'],
  ['names that are not a list', rule('{"names":"read","action":"SCMP_ACT_ALLOW"}'),
    'p.json: syscalls[1].names must be a list of syscall names, got "read"'],
  ['an empty names list', rule('{"names":[],"action":"SCMP_ACT_ALLOW"}'),
    'p.json: syscalls[1].names is empty; expected at least one syscall name'],
  ['both name and names', rule('{"name":"read","names":["write"],"action":"SCMP_ACT_ALLOW"}'),
    'p.json: syscalls[1] has both "name" and "names"; use "names" only (Docker refuses both)'],
  ['a rule without an action', rule('{"names":["write"]}'),
    'p.json: syscalls[1].action is missing; expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY'],
  ['an errno out of range', rule('{"names":["write"],"action":"SCMP_ACT_ERRNO","errnoRet":5000}'),
    'p.json: syscalls[1].errnoRet 5000 is out of range; expected an integer from 0 to 4095'],
  ['a negative default errno', '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":-1}',
    'p.json: defaultErrnoRet -1 is out of range; expected an integer from 0 to 4095'],
  ['an errno given as text in Docker JSON', rule('{"names":["write"],"action":"SCMP_ACT_ERRNO","errnoRet":"38"}'),
    'p.json: syscalls[1].errnoRet must be an integer from 0 to 4095, got "38"'],
  ['an unknown Podman errno name', '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrno":"EPREM"}',
    'p.json: defaultErrno "EPREM" is not an errno name or number; did you mean EPERM?'],
  ['disagreeing errno number and name', '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"defaultErrno":"ENOSYS"}',
    'p.json: defaultErrno "ENOSYS" disagrees with defaultErrnoRet 1; keep one of them'],
  ['an argument index past 5', rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":6,"value":1,"op":"SCMP_CMP_EQ"}]}'),
    'p.json: syscalls[1].args[0].index 6 is out of range; expected an integer from 0 to 5'],
  ['an argument without an index', rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"value":1,"op":"SCMP_CMP_EQ"}]}'),
    'p.json: syscalls[1].args[0].index is missing; expected the argument position, 0 to 5'],
  ['a misspelt operator', rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQUAL"}]}'),
    'p.json: syscalls[1].args[0].op "SCMP_CMP_EQUAL" is not a comparison operator; expected one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ; did you mean SCMP_CMP_EQ?'],
  ['a fractional argument value', rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1.5,"op":"SCMP_CMP_EQ"}]}'),
    'p.json: syscalls[1].args[0].value 1.5 is not a whole number; expected an integer from 0 to 9007199254740991'],
  ['an argument value too large to hold exactly', rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":18446744073709551615,"op":"SCMP_CMP_EQ"}]}'),
    'p.json: syscalls[1].args[0].value 18446744073709552000 is too large to hold exactly (above 9007199254740991); expected an integer from 0 to 9007199254740991'],
  ['a misspelt architecture', '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86-64"]}',
    'p.json: architectures[0] "SCMP_ARCH_X86-64" is not a seccomp architecture; expected one of ' +
      'SCMP_ARCH_NATIVE, SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64, SCMP_ARCH_LOONGARCH64, SCMP_ARCH_M68K, SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64, SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64, SCMP_ARCH_RISCV64, SCMP_ARCH_SH, SCMP_ARCH_SHEB; did you mean SCMP_ARCH_X86_64?'],
  ['architectures together with archMap', '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":[]}]}',
    'p.json: archMap is given together with architectures; use one of them (Docker refuses both)'],
  ['an unknown filter flag', '{"defaultAction":"SCMP_ACT_ERRNO","flags":["SECCOMP_FILTER_FLAG_TSYNCH"]}',
    'p.json: flags[0] "SECCOMP_FILTER_FLAG_TSYNCH" is not a seccomp filter flag; expected one of SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV; did you mean SECCOMP_FILTER_FLAG_TSYNC?'],
  ['a capability without the CAP_ prefix', rule('{"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["SYS_ADMIN"]}}'),
    'p.json: syscalls[1].includes.caps[0] "SYS_ADMIN" is not a capability name; expected CAP_… such as CAP_SYS_ADMIN'],
  ['a bad minKernel', rule('{"names":["ptrace"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"four"}}'),
    'p.json: syscalls[1].includes.minKernel "four" is not a kernel version; expected major.minor such as "4.8"'],
  ['syscalls that are not a list', '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":{"names":["read"]}}',
    'p.json: syscalls must be a list of syscall rules, got an object'],
  ['a rule that is not an object', '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":["read"]}',
    'p.json: syscalls[0] must be an object {names, action, …}, got "read"'],
  ['a top level list', '[]',
    'p.json: must be a JSON object; expected a seccomp profile: Docker/Podman or OCI JSON, a SeccompProfile YAML, or a systemd drop-in, got a list'],
  ['broken JSON', '{"defaultAction": ',
    'p.json: is not valid JSON (Unexpected end of JSON input)'],
  ['an empty file', '  \n',
    'p.json: is empty; expected a seccomp profile: Docker/Podman or OCI JSON, a SeccompProfile YAML, or a systemd drop-in'],
  ['a config.json without seccomp', '{"ociVersion":"1.0.2","linux":{}}',
    'p.json: linux.seccomp is missing: this config.json has no seccomp profile'],
  ['a __proto__ key', '{"defaultAction":"SCMP_ACT_ERRNO","__proto__":{"polluted":true}}',
    'p.json: __proto__ is not allowed in a profile'],
];

for (const [what, text, message] of cases) {
  errors(`${what}`, () => assert.is(errorOf(text), message));
}

const yamlErrors = suite('SeccompProfile and systemd errors');

yamlErrors('a wrong apiVersion says which ones are read', () => {
  assert.is(
    errorOf('apiVersion: security-profiles-operator.x-k8s.io/v1alpha1\nkind: SeccompProfile\nspec: {defaultAction: SCMP_ACT_ERRNO}\n', 'k.yaml'),
    'k.yaml: apiVersion "security-profiles-operator.x-k8s.io/v1alpha1" is not a SeccompProfile version; expected security-profiles-operator.x-k8s.io/v1 or security-profiles-operator.x-k8s.io/v1beta1',
  );
});

yamlErrors('another kind is refused', () => {
  assert.is(errorOf('apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: AppArmorProfile\nspec: {}\n', 'k.yaml'), 'k.yaml: kind "AppArmorProfile" is not supported; expected SeccompProfile');
});

yamlErrors('field paths start at spec', () => {
  const text = 'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n    - names: [read]\n      action: SCMP_ACT_ALOW\n';
  assert.match(errorOf(text, 'k.yaml'), /^k\.yaml: spec\.syscalls\[0\]\.action "SCMP_ACT_ALOW" is not a seccomp action;/);
});

yamlErrors('a YAML alias bomb is an error, not a hang', () => {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const started = Date.now();
  assert.match(errorOf(`${levels.join('\n')}\n`, 'bomb.yaml'), /^bomb\.yaml: uses more YAML aliases than a profile needs/);
  assert.ok(Date.now() - started < 2000);
});

yamlErrors('broken YAML names the line', () => {
  assert.match(errorOf('apiVersion: [x\nkind: SeccompProfile\n', 'k.yaml'), /^k\.yaml: line \d+: is not valid YAML/);
});

yamlErrors('YAML that is not a SeccompProfile says what is expected', () => {
  assert.is(errorOf('just text\n', 'x.yaml'), 'x.yaml: is "just text" in YAML, not a SeccompProfile (no apiVersion/kind); expected a seccomp profile: Docker/Podman or OCI JSON, a SeccompProfile YAML, or a systemd drop-in');
});

yamlErrors('a systemd group cannot be expanded', () => {
  assert.is(
    errorOf('[Service]\nSystemCallFilter=@system-service\n', 's.conf'),
    's.conf: line 2: SystemCallFilter "@system-service" is a systemd syscall group; expected syscall names (a group\'s members depend on the systemd version, so it cannot be checked or converted)',
  );
});

yamlErrors('name:errno in a systemd allow list is refused as systemd refuses it', () => {
  assert.is(errorOf('[Service]\nSystemCallFilter=read clone3:ENOSYS\n', 's.conf'), 's.conf: line 2: SystemCallFilter "clone3:ENOSYS" gives an errno in an allow list; systemd accepts name:ERRNO only after ~');
});

yamlErrors('a systemd errno typo gets a suggestion', () => {
  assert.is(errorOf('[Service]\nSystemCallErrorNumber=EPREM\nSystemCallFilter=read\n', 's.conf'), 's.conf: line 2: SystemCallErrorNumber "EPREM" is not an errno name or number; did you mean EPERM?');
});

yamlErrors('a systemd arch typo gets a suggestion', () => {
  assert.match(errorOf('[Service]\nSystemCallArchitectures=x86_64\nSystemCallFilter=read\n', 's.conf'), /^s\.conf: line 2: SystemCallArchitectures "x86_64" is not a systemd architecture; expected one of .*; did you mean x86-64\?$/);
});

yamlErrors('a systemd misspelt syscall names the line', () => {
  assert.is(errorOf('[Service]\nSystemCallArchitectures=x86-64\nSystemCallFilter=read pread\n', 's.conf'), 's.conf: line 3: SystemCallFilter "pread" is not a syscall on x86_64; did you mean pread64?');
});

yamlErrors('a drop-in without SystemCallFilter is not a profile', () => {
  assert.is(errorOf('[Service]\nSystemCallErrorNumber=EPERM\n', 's.conf'), 's.conf: has no SystemCallFilter= list; expected a systemd drop-in with SystemCallFilter=');
});

yamlErrors('seccomp settings outside [Service] are refused', () => {
  assert.is(errorOf('[Unit]\nSystemCallFilter=read\n', 's.conf'), 's.conf: line 2: SystemCallFilter is in [Unit]; expected it under [Service]');
});

const warnings = suite('warnings');

warnings('a name known only on another arch is a warning, not an error', () => {
  const parsed = parseProfile('{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_AARCH64"],"syscalls":[{"names":["open","openat"],"action":"SCMP_ACT_ALLOW"}]}', 'p.json');
  assert.equal(parsed.warnings, ['p.json: syscalls[0].names[0] "open" is not a syscall on aarch64; it exists only on x86_64, x86, x32, arm, ppc64le, s390x']);
});

warnings('unknown fields are reported with a suggestion', () => {
  const parsed = parseProfile('{"defaultAction":"SCMP_ACT_ERRNO","sycalls":[]}', 'p.json');
  assert.equal(parsed.warnings, ['p.json: sycalls is not a Docker profile field; ignored (did you mean syscalls?)']);
});

warnings('errnoRet on an action that returns none is dropped with a warning', () => {
  const parsed = parseProfile(rule('{"names":["write"],"action":"SCMP_ACT_ALLOW","errnoRet":1}'), 'p.json');
  assert.equal(parsed.warnings, ['p.json: syscalls[1].errnoRet is ignored: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not SCMP_ACT_ALLOW']);
  assert.equal(parsed.profile.syscalls[0], { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' });
});

warnings('Docker-only fields inside a config.json are reported as ignored', () => {
  const parsed = parseProfile('{"ociVersion":"1.0.2","linux":{"seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],"action":"SCMP_ACT_ERRNO","comment":"x"}]}}}', 'config.json');
  assert.equal(parsed.warnings, ['config.json: linux.seccomp.syscalls[0].comment is not a OCI seccomp syscall rule field; ignored']);
});

const safety = suite('untrusted input');

safety('no key in a profile reaches Object.prototype', () => {
  const attempts = [
    '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","constructor":{"prototype":{"polluted":1}}}]}',
    'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  constructor: {prototype: {polluted: 1}}\n  syscalls:\n    - {names: [read], action: SCMP_ACT_ALLOW, __proto__: {polluted: 1}}\n',
    '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"op":"SCMP_CMP_EQ","__proto__":{"polluted":1}}]}]}',
  ];
  for (const text of attempts) {
    try {
      parseProfile(text, 'evil');
    } catch (error) {
      assert.instance(error, InputError);
    }
  }
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.is(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

safety('a __proto__ key deep in YAML is refused with its path', () => {
  const text = 'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n    - {names: [read], action: SCMP_ACT_ALLOW, __proto__: {polluted: 1}}\n';
  assert.is(errorOf(text, 'k.yaml'), 'k.yaml: spec.syscalls[0].__proto__ is not allowed in a profile');
});

const normal = suite('normalized result');

normal('valueTwo is kept only where libseccomp reads it', () => {
  const parsed = parseProfile(
    rule('{"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":2114060288,"op":"SCMP_CMP_MASKED_EQ"}]},{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"valueTwo":0,"op":"SCMP_CMP_EQ"}]}'),
    'p.json',
  );
  const args = parsed.profile.syscalls.flatMap((r) => r.args ?? []);
  assert.equal(args, [
    { index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' },
    { index: 0, value: 8, op: 'SCMP_CMP_EQ' },
  ]);
});

const firstRule = suite('a syscall named by two rules');

const profileOf = (text: string) => parseProfile(text, 'p.json');

firstRule('the first unconditional rule decides, as in runc: normalizing cannot let a later, wider one win', () => {
  const parsed = profileOf('{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_ERRNO","errnoRet":13},{"names":["uname"],"action":"SCMP_ACT_LOG"}]}');
  assert.equal(parsed.profile.syscalls, [{ names: ['uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }]);
  assert.equal(parsed.warnings, [
    'p.json: syscalls[1] names "uname", which syscalls[0] already gives SCMP_ACT_ERRNO(13); the runtimes apply only the first rule, so SCMP_ACT_LOG here is ignored',
  ]);
});

firstRule('a rule repeating the default action is skipped, so the next rule decides', () => {
  const parsed = profileOf('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["uname"],"action":"SCMP_ACT_ERRNO","errnoRet":1},{"names":["uname"],"action":"SCMP_ACT_ALLOW"}]}');
  assert.equal(parsed.profile.syscalls, [{ names: ['uname'], action: 'SCMP_ACT_ALLOW' }]);
  assert.equal(parsed.warnings, []);
});

firstRule('same outcome twice, SCMP_ACT_KILL next to SCMP_ACT_KILL_THREAD, or a condition: no warning', () => {
  const parsed = profileOf(
    '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace","ptrace"],"action":"SCMP_ACT_KILL"},{"names":["ptrace"],"action":"SCMP_ACT_KILL_THREAD"},{"names":["ptrace"],"action":"SCMP_ACT_LOG","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]}]}',
  );
  assert.equal(parsed.warnings, []);
  assert.equal(parsed.profile.syscalls.map((r) => [r.names, r.action]), [
    [['ptrace'], 'SCMP_ACT_LOG'],
    [['ptrace'], 'SCMP_ACT_KILL'],
  ]);
});

firstRule('past ten names, one line says how many more', () => {
  const rules = Array.from({ length: 14 }, (_, i) => `{"names":["${['read', 'write', 'close', 'uname', 'getpid', 'getuid', 'getgid', 'brk', 'mmap', 'dup', 'dup2', 'pipe', 'fstat', 'lseek'][i]}"],"action":"SCMP_ACT_ERRNO","errnoRet":2}`);
  const first = rules.map((r) => r.replace('"errnoRet":2', '"errnoRet":1'));
  const parsed = profileOf(`{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[${[...first, ...rules].join(',')}]}`);
  assert.is(parsed.warnings.length, 11);
  assert.is(parsed.warnings[10], 'p.json: syscalls have 4 more names whose later rule is ignored the same way');
});

const messages = suite('messages about odd values');

messages('an architecture spelled the Go or uname way is suggested by meaning', () => {
  assert.match(errorOf('{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_AMD64"]}'), /; did you mean SCMP_ARCH_X86_64\?$/);
  assert.match(errorOf('{"defaultAction":"SCMP_ACT_ALLOW","archMap":[{"architecture":"SCMP_ARCH_ARM64"}]}'), /archMap\[0\]\.architecture .*; did you mean SCMP_ARCH_AARCH64\?$/);
});

messages('a key that is not a plain word is quoted, escaped and shortened in a path', () => {
  const parsed = profileOf(`{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[],"a.b":1,"\\u001b[31mred":1,"${'k'.repeat(100)}":1}`);
  assert.equal(parsed.warnings, [
    'p.json: ["a.b"] is not a Docker profile field; ignored',
    'p.json: ["\\u001b[31mred"] is not a Docker profile field; ignored',
    `p.json: ["${'k'.repeat(57)}..."] is not a Docker profile field; ignored`,
  ]);
});

messages('a look-alike letter in a value shows as its escape', () => {
  assert.match(errorOf('{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["re\u0430d"],"action":"SCMP_ACT_ERRNO"}]}'), /names\[0\] "re\\u0430d" is not a syscall name/);
});

messages('apiVersion and kind of the wrong type say what they must be', () => {
  assert.is(errorOf('apiVersion: [1]\nkind: SeccompProfile\nspec: {}\n', 'k.yaml'), 'k.yaml: apiVersion must be security-profiles-operator.x-k8s.io/v1 or security-profiles-operator.x-k8s.io/v1beta1, got a list');
  assert.is(errorOf('apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: {a: 1}\nspec: {}\n', 'k.yaml'), 'k.yaml: kind must be SeccompProfile, got an object');
});

for (const s of [detect, errors, yamlErrors, warnings, safety, normal, firstRule, messages]) s.run();
