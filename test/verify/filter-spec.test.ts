import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.js';
import type { Profile } from '../../src/profile/model.js';
import { DOCKER_DEFAULT_CAPABILITIES, filterSpec, type FilterSpecOptions } from '../../src/verify/filter-spec.js';

const host: FilterSpecOptions = { nativeArch: 'SCMP_ARCH_X86_64', kernelRelease: '6.1.0-18-amd64', capabilities: DOCKER_DEFAULT_CAPABILITIES };

const ruleLines = (text: string) => text.split('\n').filter((line) => line.startsWith('rule '));

const text = suite('spec text');

text('an allow-list profile becomes header, default, arches and one rule line per name', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [
      { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    ],
  };
  assert.is(
    filterSpec(profile, host),
    ['seccomp-exec-spec 1', 'default errno 1', 'arch x32', 'arch x86', 'arch x86_64', 'rule allow 0 read', 'rule allow 0 write', 'rule errno 38 clone3', ''].join('\n'),
  );
});

text('the same profile gives byte-identical text every time', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_KILL_PROCESS', syscalls: [{ names: ['b', 'a'], action: 'SCMP_ACT_ALLOW' }] };
  assert.is(filterSpec(profile, host), filterSpec(structuredClone(profile), host));
});

text('rules keep the profile order, because the first rule for a syscall wins', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [
      { names: ['uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
      { names: ['uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    ],
  };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule errno 13 uname', 'rule errno 1 uname']);
});

text.run();

const actions = suite('actions');

actions('KILL means kill_thread, as runc reads it', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_KILL' }] };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule kill_thread 0 ptrace']);
});

actions('ERRNO and TRACE without a number answer EPERM', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['mount'], action: 'SCMP_ACT_TRACE' },
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
    ],
  };
  const spec = filterSpec(profile, host);
  assert.ok(spec.includes('\ndefault errno 1\n'));
  assert.equal(ruleLines(spec), ['rule trace 1 mount', 'rule allow 0 read']);
});

actions('a rule with the default action is left out, as runc does', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    syscalls: [
      { names: ['socket'], action: 'SCMP_ACT_ERRNO' },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    ],
  };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule errno 38 clone3']);
});

actions('LOG, TRAP, KILL_PROCESS and NOTIFY carry no data', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['a'], action: 'SCMP_ACT_LOG' },
      { names: ['b'], action: 'SCMP_ACT_TRAP' },
      { names: ['c'], action: 'SCMP_ACT_KILL_PROCESS' },
      { names: ['d'], action: 'SCMP_ACT_NOTIFY' },
    ],
  };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule log 0 a', 'rule trap 0 b', 'rule kill_process 0 c', 'rule notify 0 d']);
});

actions.run();

const args = suite('argument conditions');

args('conditions on different arguments stay one AND-ed rule', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      {
        names: ['socket'],
        action: 'SCMP_ACT_ALLOW',
        args: [
          { index: 0, value: 2, op: 'SCMP_CMP_EQ' },
          { index: 1, value: 255, valueTwo: 1, op: 'SCMP_CMP_MASKED_EQ' },
        ],
      },
    ],
  };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule allow 0 socket 0 eq 2 0 1 masked_eq 255 1']);
});

args('conditions repeating an argument become one rule each, OR-ed like runc does', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      {
        names: ['personality'],
        action: 'SCMP_ACT_ALLOW',
        args: [
          { index: 0, value: 0, op: 'SCMP_CMP_EQ' },
          { index: 0, value: 8, op: 'SCMP_CMP_EQ' },
        ],
      },
    ],
  };
  assert.equal(ruleLines(filterSpec(profile, host)), ['rule allow 0 personality 0 eq 0 0', 'rule allow 0 personality 0 eq 8 0']);
});

args('a value seccomp cannot compare is an input error naming the field', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [{ names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: -1, op: 'SCMP_CMP_EQ' }] }],
  };
  assert.throws(() => filterSpec(profile, host), (error: Error) => error instanceof InputError && error.message.includes('syscalls[0].args[0].value'));
});

args('an argument index beyond the sixth is an input error', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [{ names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] }],
  };
  assert.throws(() => filterSpec(profile, host), /syscalls\[0\]\.args\[0\]\.index/);
});

args.run();

const arches = suite('architectures and flags');

arches('from an archMap only the native entry and its sub-architectures are used', () => {
  const profile: Profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_MIPS64', subArchitectures: ['SCMP_ARCH_MIPS'] },
    ],
    syscalls: [],
  };
  assert.equal(
    filterSpec(profile, host).split('\n').filter((l) => l.startsWith('arch ')),
    ['arch x32', 'arch x86', 'arch x86_64'],
  );
});

arches('a name that is not SCMP_ARCH_* is an input error', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['x86_64 evil'], syscalls: [] };
  assert.throws(() => filterSpec(profile, host), /architectures: "x86_64 evil"/);
});

arches('known filter flags become flag lines; others are input errors', () => {
  const flags: Profile = { defaultAction: 'SCMP_ACT_ERRNO', flags: ['SECCOMP_FILTER_FLAG_SPEC_ALLOW', 'SECCOMP_FILTER_FLAG_LOG'], syscalls: [] };
  assert.equal(
    filterSpec(flags, host).split('\n').filter((l) => l.startsWith('flag ')),
    ['flag log', 'flag spec_allow'],
  );
  const unknown: Profile = { defaultAction: 'SCMP_ACT_ERRNO', flags: ['SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'], syscalls: [] };
  assert.throws(() => filterSpec(unknown, host), /SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV/);
});

arches.run();

const docker = suite('includes and excludes');

const conditional = (rule: Partial<Profile['syscalls'][number]>): Profile => ({
  defaultAction: 'SCMP_ACT_ERRNO',
  syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ALLOW', ...rule }],
});

docker('a rule for a capability the workload lacks is left out', () => {
  assert.equal(ruleLines(filterSpec(conditional({ includes: { caps: ['CAP_SYS_ADMIN'] } }), host)), []);
  assert.equal(ruleLines(filterSpec(conditional({ includes: { caps: ['CAP_SYS_ADMIN'] } }), { ...host, capabilities: ['CAP_SYS_ADMIN'] })), ['rule allow 0 mount']);
});

docker('excludes.caps drops the rule when the workload holds one of them', () => {
  assert.equal(ruleLines(filterSpec(conditional({ excludes: { caps: ['CAP_SYS_CHROOT'] } }), host)), []);
  assert.equal(ruleLines(filterSpec(conditional({ excludes: { caps: ['CAP_SYS_ADMIN'] } }), host)), ['rule allow 0 mount']);
});

docker('arches are compared with Go names (amd64), as Docker does', () => {
  assert.equal(ruleLines(filterSpec(conditional({ includes: { arches: ['amd64', 'x32'] } }), host)), ['rule allow 0 mount']);
  assert.equal(ruleLines(filterSpec(conditional({ includes: { arches: ['arm64'] } }), host)), []);
  assert.equal(ruleLines(filterSpec(conditional({ excludes: { arches: ['amd64'] } }), host)), []);
});

docker('minKernel compares major and minor of the host kernel', () => {
  assert.equal(ruleLines(filterSpec(conditional({ includes: { minKernel: '5.8' } }), host)), ['rule allow 0 mount']);
  assert.equal(ruleLines(filterSpec(conditional({ includes: { minKernel: '6.2' } }), host)), []);
  assert.equal(ruleLines(filterSpec(conditional({ includes: { minKernel: '6.1' } }), host)), ['rule allow 0 mount']);
});

docker.run();

const untrusted = suite('untrusted names');

untrusted('a name that would break the line format is an input error naming its place', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'read\nrule allow 0 ptrace'], action: 'SCMP_ACT_ALLOW' }] };
  assert.throws(() => filterSpec(profile, host), (error: Error) => error instanceof InputError && error.message.startsWith('syscalls[0].names[1]'));
});

untrusted('an errno beyond the kernel range is an input error', () => {
  const profile: Profile = { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 5000, syscalls: [] };
  assert.throws(() => filterSpec(profile, host), /defaultAction: errnoRet 5000/);
});

untrusted('more distinct rules than the kernel has instructions is refused before libseccomp compiles them', () => {
  const syscalls = Array.from({ length: 4097 }, (_, i) => ({ names: ['read'], action: 'SCMP_ACT_LOG' as const, args: [{ index: 0, value: i, op: 'SCMP_CMP_EQ' as const }] }));
  assert.throws(
    () => filterSpec({ defaultAction: 'SCMP_ACT_ALLOW', syscalls }, host),
    (error: Error) => error instanceof InputError && error.message.startsWith('the profile cannot be enforced: it has 4097 distinct rules'),
  );
  assert.is(ruleLines(filterSpec({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: syscalls.slice(0, 4096) }, host)).length, 4096);
});

untrusted.run();
