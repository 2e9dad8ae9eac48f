// Hostile and odd profile files (fixtures/hostile/profiles, plus big ones made here) through every
// verb that reads one: a bad file is exit 2 naming the file and the field, before anything runs or
// is written; odd but valid files keep their meaning; nothing is slow enough to look like a hang.
// The same files go through parseProfile, mergeProfiles and diffProfiles in-process, with
// Object.prototype checked after each.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir, type CliResult } from '../cli.js';
import { fixturePath } from '../helpers.js';
import { assertPrototypeClean, corpusFiles, filesUnder, hostilePath } from './corpus.js';
import { InputError } from '../../src/errors.js';
import { parseProfile } from '../../src/profile/read.js';
import { mergeProfiles } from '../../src/profile/merge.js';
import { diffProfiles } from '../../src/profile/diff.js';
import type { Profile } from '../../src/profile/model.js';
import { syscallNames } from '../../src/syscalls/table.js';

const corpus = hostilePath('profiles');
const valid = fixturePath('profiles', 'learned.json');

type Verb = 'merge' | 'diff' | 'convert' | 'verify';
const VERBS: Verb[] = ['merge', 'diff', 'convert', 'verify'];

// Every verb with the file in the position a user would give it, outputs aimed at an empty directory.
function argsFor(verb: Verb, file: string, out: string): string[] {
  switch (verb) {
    case 'merge':
      return ['merge', valid, file, '-o', path.join(out, 'merged.json'), '--report', path.join(out, 'merge-report.json')];
    case 'diff':
      return ['diff', valid, file, '--format', 'json'];
    case 'convert':
      return ['convert', file, '--to', 'kubernetes', '-o', path.join(out, 'converted.yaml')];
    case 'verify':
      return ['verify', '--profile', file, '--report', path.join(out, 'verify-report.json'), '--', 'sh', '-c', `echo ran > ${path.join(out, 'ran')}`];
  }
}

/** Runs the reading verbs on `file` (relative to `cwd`) and checks each refused it with `message`, writing nothing. */
async function refusedEverywhere(file: string, message: string | RegExp, verbs: readonly Verb[] = VERBS, cwd = corpus): Promise<void> {
  const results = await Promise.all(
    verbs.map(async (verb) => {
      const out = tempDir('sl-hostile-');
      const result = await runCli(argsFor(verb, file, out), { cwd });
      return { verb, result, left: filesUnder(out) };
    }),
  );
  for (const { verb, result, left } of results) {
    assert.is(result.code, 2, `${verb}: ${result.stderr}`);
    if (typeof message === 'string') assert.is(result.stderr, `seccomp-learner: ${file}: ${message}\n`, verb);
    else assert.match(result.stderr, message, verb);
    assert.is(result.stderr.split('\n').length, 2, `${verb} says it in one line`);
    assert.is(result.stdout, '', verb);
    assert.equal(left, [], `${verb} wrote nothing and ran nothing`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// `syscalls.2.args.0.op` → `syscalls[2].args[0].op`
function fieldOf(file: string): string {
  return path.basename(file).replace(/\.(json|yaml)$/, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

const files = suite('hostile profile files: exit 2 naming the file and the field');

files('every file of the corpus has a test here', () => {
  assert.equal(corpusFiles('profiles'), [
    'constructor-keys.json',
    'duplicate-names.json',
    'invalid-json.json',
    'metadata-injection.yaml',
    'proto-keys-nested.json',
    'proto-keys.json',
    'proto-keys.yaml',
    'unknown-action.json',
    'unknown-arch.json',
    'unknown-operator.json',
    'yaml-bomb.yaml',
  ]);
});

// All four verbs share one reader: each file goes through convert and, in turn, one of the others.
readdirSync(path.join(corpus, 'wrong-types'))
  .sort()
  .forEach((name, i) => {
    const file = `wrong-types/${name}`;
    const verbs: Verb[] = ['convert', (['merge', 'diff', 'verify'] as const)[i % 3] as Verb];
    files(`${file}: a wrong type in ${fieldOf(file)} is refused by ${verbs.join(' and ')}`, async () => {
      await refusedEverywhere(file, new RegExp(`^seccomp-learner: ${escapeRegExp(file)}: ${escapeRegExp(fieldOf(file))} must be .+, got .+\\n$`), verbs);
    });
  });

files('invalid-json.json: says it is not valid JSON, with the parser\'s reason', async () => {
  await refusedEverywhere('invalid-json.json', /^seccomp-learner: invalid-json\.json: is not valid JSON \(.+ at position 41.*\)\n$/);
});

files('unknown-action.json: names the rule and lists the actions', async () => {
  await refusedEverywhere(
    'unknown-action.json',
    'syscalls[1].action "SCMP_ACT_ENOSYS" is not a seccomp action; expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY',
  );
});

files('unknown-operator.json: names the condition and suggests the near miss', async () => {
  await refusedEverywhere(
    'unknown-operator.json',
    'syscalls[1].args[0].op "SCMP_CMP_EQUAL" is not a comparison operator; expected one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ; did you mean SCMP_CMP_EQ?',
  );
});

files('unknown-arch.json: names the list entry and suggests the architecture it means', async () => {
  await refusedEverywhere(
    'unknown-arch.json',
    /^seccomp-learner: unknown-arch\.json: architectures\[1\] "SCMP_ARCH_AMD64" is not a seccomp architecture; expected one of SCMP_ARCH_NATIVE, .*SCMP_ARCH_SHEB; did you mean SCMP_ARCH_X86_64\?\n$/,
  );
});

files('proto-keys.json, proto-keys-nested.json, proto-keys.yaml: a __proto__ key is refused where it is', async () => {
  await refusedEverywhere('proto-keys.json', '__proto__ is not allowed in a profile');
  await refusedEverywhere('proto-keys-nested.json', 'syscalls[1].args[0].__proto__ is not allowed in a profile');
  await refusedEverywhere('proto-keys.yaml', 'spec.__proto__ is not allowed in a profile');
});

files('yaml-bomb.yaml: an alias bomb is refused at once, not expanded', async () => {
  const started = Date.now();
  await refusedEverywhere(
    'yaml-bomb.yaml',
    /^seccomp-learner: yaml-bomb\.yaml: uses more YAML aliases than a profile needs \(.+\); expected a seccomp profile: .+\n$/,
  );
  assert.ok(Date.now() - started < 20_000, 'four verbs in under 20 s');
});

const odd = suite('odd but valid profile files keep their meaning');

odd('constructor-keys.json: unknown keys named after Object members are warned about and ignored', async () => {
  const r = await runCli(['convert', 'constructor-keys.json', '--to', 'oci'], { cwd: corpus });
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stderr,
    [
      'seccomp-learner: warning: constructor-keys.json: constructor is not a Docker profile field; ignored',
      'seccomp-learner: warning: constructor-keys.json: syscalls[0].prototype is not a Docker profile syscall rule field; ignored',
      'seccomp-learner: warning: constructor-keys.json: syscalls[0].toString is not a Docker profile syscall rule field; ignored\n',
    ].join('\n'),
  );
  assert.equal(JSON.parse(r.stdout), { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' }] });
});

odd('metadata-injection.yaml: a name and namespace Kubernetes would refuse are dropped, shown escaped, not written out', async () => {
  const r = await runCli(['convert', 'metadata-injection.yaml', '--to', 'kubernetes'], { cwd: corpus });
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stderr,
    [
      'seccomp-learner: warning: metadata-injection.yaml: metadata.name "app\\u001b[2J\\nspec: {defaultAction: SCMP_ACT_ALLOW}" is not a Kubernetes object name; ignored',
      'seccomp-learner: warning: metadata-injection.yaml: metadata.namespace "../kube-system" is not a Kubernetes namespace; ignored\n',
    ].join('\n'),
  );
  assert.match(r.stdout, /^apiVersion: security-profiles-operator\.x-k8s\.io\/v1\nkind: SeccompProfile\nmetadata:\n {2}name: metadata-injection\nspec:\n {2}defaultAction: SCMP_ACT_ERRNO\n/);
});

const FIRST_RULE_WARNINGS = [
  'seccomp-learner: warning: duplicate-names.json: syscalls[1] names "uname", which syscalls[0] already gives SCMP_ACT_ERRNO(13); the runtimes apply only the first rule, so SCMP_ACT_LOG here is ignored',
  'seccomp-learner: warning: duplicate-names.json: syscalls[1] names "getppid", which syscalls[0] already gives SCMP_ACT_ERRNO(13); the runtimes apply only the first rule, so SCMP_ACT_LOG here is ignored\n',
].join('\n');

// What runc makes of duplicate-names.json: the first rule naming a syscall wins, a rule repeating the default is skipped.
const AS_RUNC_READS_IT = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [
    { names: ['sethostname'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['getppid', 'uname'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
  ],
};

odd('duplicate-names.json: convert keeps the rule the runtimes apply, the first, and says which were ignored', async () => {
  const r = await runCli(['convert', 'duplicate-names.json', '--to', 'docker'], { cwd: corpus });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, FIRST_RULE_WARNINGS);
  assert.equal(JSON.parse(r.stdout), AS_RUNC_READS_IT);
});

odd('duplicate-names.json: diff and merge see the same meaning', async () => {
  const dir = tempDir('sl-hostile-');
  writeFileSync(path.join(dir, 'plain.json'), JSON.stringify(AS_RUNC_READS_IT));
  const diff = await runCli(['diff', path.join(corpus, 'duplicate-names.json'), 'plain.json'], { cwd: dir });
  assert.is(diff.code, 0, diff.stdout);
  assert.match(diff.stdout, /: no changes\n$/);
  const merged = await runCli(['merge', path.join(corpus, 'duplicate-names.json'), 'plain.json'], { cwd: dir });
  assert.is(merged.code, 0, merged.stderr);
  assert.equal(JSON.parse(merged.stdout), AS_RUNC_READS_IT);
});

odd('duplicate-names.json: verify enforces the first rule, as runc would', async () => {
  const dir = tempDir('sl-hostile-');
  const r = await runCli(['verify', '--profile', path.join(corpus, 'duplicate-names.json'), '--', 'uname'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /\n {2}uname +1× +EACCES +first by uname \(pid \d+\)\n/);
});

// 10 000 rules, each a different argument condition on one of the x86_64 names: nothing to fold together.
function tenThousandRules(): Profile {
  const names = syscallNames('x86_64');
  const syscalls = Array.from({ length: 10_000 }, (_, i) => ({
    names: [names[i % names.length] as string],
    action: 'SCMP_ACT_LOG' as const,
    args: [{ index: i % 6, value: i, op: 'SCMP_CMP_EQ' as const }],
  }));
  return { defaultAction: 'SCMP_ACT_ALLOW', syscalls };
}

odd('10 000 rules: merge, diff and convert finish, verify says at once why no kernel can load it, nothing else is written', async () => {
  const dir = tempDir('sl-hostile-');
  writeFileSync(path.join(dir, 'big.json'), JSON.stringify(tenThousandRules(), null, 2));
  const started = Date.now();
  const [merged, diffed, verified, ...converted] = await Promise.all([
    runCli(['merge', 'big.json', 'big.json', '-o', 'merged.json'], { cwd: dir }),
    runCli(['diff', 'big.json', 'big.json'], { cwd: dir }),
    runCli(['verify', '--profile', 'big.json', '--', 'true'], { cwd: dir }),
    ...(['docker', 'oci', 'kubernetes', 'systemd'] as const).map((to) => runCli(['convert', 'big.json', '--to', to, '-o', `big.${to}`], { cwd: dir })),
  ]);
  for (const r of [merged, diffed, ...converted] as CliResult[]) assert.is(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 60_000, 'all of them within a minute on two shared cores');
  assert.is(JSON.parse(readFileSync(path.join(dir, 'merged.json'), 'utf8')).syscalls.length, 10_000);
  assert.match(diffed.stdout, /: no changes\n$/);
  assert.is(verified.code, 2);
  assert.is(
    verified.stderr,
    'seccomp-learner: the profile cannot be enforced: it has 10000 distinct rules, each at least one BPF instruction, more than the 4096 the kernel loads in one filter (runc and crun cannot load it either)\n',
  );
  assert.equal(filesUnder(dir), ['big.docker', 'big.json', 'big.kubernetes', 'big.oci', 'big.systemd', 'merged.json']);
  rmSync(dir, { recursive: true, force: true });
});

odd('10 000 rules naming the same syscalls with different errnos: ten warnings, then one line for the rest', async () => {
  const dir = tempDir('sl-hostile-');
  const names = syscallNames('x86_64');
  const syscalls = Array.from({ length: 10_000 }, (_, i) => ({ names: [names[i % names.length]], action: 'SCMP_ACT_ERRNO', errnoRet: 1 + Math.floor(i / names.length) }));
  writeFileSync(path.join(dir, 'errnos.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls }));
  const r = await runCli(['convert', 'errnos.json', '--to', 'docker'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 11);
  assert.match(lines[10] ?? '', new RegExp(`^seccomp-learner: warning: errnos\\.json: syscalls have ${10_000 - names.length - 10} more names whose later rule is ignored the same way$`));
  assert.equal(JSON.parse(r.stdout).syscalls, [{ names: [...names].sort(), action: 'SCMP_ACT_ERRNO', errnoRet: 1 }]);
});

const slow = suite('input shaped to be slow is read in linear time');

// Each of these took minutes (or hours) before: quadratic work on a value or on the file's lines.
async function quickly(file: string, text: string, verb: string[], budget = 15_000): Promise<CliResult> {
  const dir = tempDir('sl-hostile-');
  writeFileSync(path.join(dir, file), text);
  const started = Date.now();
  try {
    return await runCli([...verb, file], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    assert.ok(Date.now() - started < budget, `${file} took ${Date.now() - started} ms`);
  }
}

slow('a 4 MB action is refused at once, shown shortened', async () => {
  const r = await quickly('p.json', JSON.stringify({ defaultAction: 'SCMP_ACT_'.padEnd(4 << 20, 'X'), syscalls: [] }), ['convert', '--to', 'oci']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^seccomp-learner: p\.json: defaultAction "SCMP_ACT_X{48}\.\.\." is not a seccomp action; expected one of .+\n$/);
});

slow('a 1 MB key full of control characters is warned about shortened and escaped', async () => {
  const key = '\u001b[2J\u202e'.repeat(200_000);
  const r = await quickly('p.json', JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', [key]: 1, syscalls: [] }), ['convert', '--to', 'oci']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, `seccomp-learner: warning: p.json: ["${'\\u001b[2J\\u202e'.repeat(11)}\\u001b[..."] is not a Docker profile field; ignored\n`);
});

slow('a systemd drop-in with 100 000 continuation lines', async () => {
  const r = await quickly('p.conf', `[Service]\nSystemCallFilter=read \\\n${'write \\\n'.repeat(100_000)}close\n`, ['convert', '--to', 'oci']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).syscalls[0].names, ['close', 'read', 'write']);
});

slow('300 000 blank lines before the content', async () => {
  const r = await quickly('p.yaml', `${' \n'.repeat(300_000)}kind: SeccompProfile\n`, ['convert', '--to', 'oci']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^seccomp-learner: p\.yaml: apiVersion must be security-profiles-operator\.x-k8s\.io\/v1 or .+, got nothing\n$/);
});

slow('a device that never ends is read no further than the size limit', async () => {
  const started = Date.now();
  const r = await runCli(['convert', '/dev/zero', '--to', 'oci']);
  assert.ok(Date.now() - started < 15_000);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'seccomp-learner: /dev/zero: goes on past 16777216 bytes (a device or an endless pipe?); a seccomp profile is far smaller\n');
});

const inProcess = suite('hostile profiles in-process keep Object.prototype clean');

function everyCorpusFile(): string[] {
  return [...corpusFiles('profiles'), ...readdirSync(path.join(corpus, 'wrong-types')).map((name) => `wrong-types/${name}`)].sort();
}

inProcess('parseProfile refuses or reads every file, throwing nothing but InputError', () => {
  let refused = 0;
  for (const file of everyCorpusFile()) {
    try {
      parseProfile(readFileSync(path.join(corpus, file), 'utf8'), file);
    } catch (error) {
      assert.instance(error, InputError, file);
      refused++;
    }
    assertPrototypeClean(file);
  }
  assert.is(refused, everyCorpusFile().length - 3, 'all but constructor-keys.json, duplicate-names.json and metadata-injection.yaml are refused');
});

inProcess('mergeProfiles and diffProfiles over the readable files and a model named after Object members', () => {
  const readable = ['constructor-keys.json', 'duplicate-names.json'].map((file) => ({ source: file, profile: parseProfile(readFileSync(path.join(corpus, file), 'utf8'), file).profile }));
  const forged: Profile = {
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [
      { names: ['__proto__', 'constructor', 'hasOwnProperty'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      { names: ['toString', 'valueOf'], action: 'SCMP_ACT_LOG', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
    ],
  };
  const inputs = [...readable, { source: '__proto__', profile: forged }];
  const merged = mergeProfiles(inputs, { defaultAction: { action: 'SCMP_ACT_ERRNO', errnoRet: 1 } });
  assertPrototypeClean('mergeProfiles');
  assert.ok(merged.contributions.some((c) => c.source === '__proto__' && c.syscalls.includes('__proto__')));
  const diff = diffProfiles(readable[0]!.profile, forged, { old: 'constructor', new: '__proto__' });
  assertPrototypeClean('diffProfiles');
  assert.equal(
    diff.syscalls.filter((s) => s.kind === 'added').map((s) => s.name),
    ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'],
  );
  JSON.stringify([merged, diff]);
  assertPrototypeClean('rendering');
});

files.run();
odd.run();
slow.run();
inProcess.run();
