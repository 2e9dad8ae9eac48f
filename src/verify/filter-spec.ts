// Profile → the line-based filter spec that tracer/seccomp-exec.c loads through libseccomp.
// The spec format is documented at the top of that file. The translation follows what runc does
// with the same profile, so a host verify predicts what the container runtime will enforce.
import { InputError } from '../errors.js';
import type { ArgCondition, ArgOperator, Profile, RuleFilter, SeccompAction, SyscallRule } from '../profile/model.js';

export interface FilterSpecOptions {
  /** The host architecture as SCMP_ARCH_*: picks the archMap entry and `includes.arches`. */
  nativeArch: string;
  /** `uname -r` of the host, for `includes.minKernel` / `excludes.minKernel`. */
  kernelRelease: string;
  /** Capabilities the workload will hold, for `includes.caps` / `excludes.caps`. */
  capabilities: readonly string[];
}

/** What `docker run` grants by default: the capability set Docker evaluates `includes.caps` against. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_RAW',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

const ACTION_TOKENS: Record<SeccompAction, string> = {
  SCMP_ACT_ALLOW: 'allow',
  SCMP_ACT_LOG: 'log',
  SCMP_ACT_ERRNO: 'errno',
  SCMP_ACT_TRACE: 'trace',
  SCMP_ACT_TRAP: 'trap',
  SCMP_ACT_KILL: 'kill_thread',
  SCMP_ACT_KILL_THREAD: 'kill_thread',
  SCMP_ACT_KILL_PROCESS: 'kill_process',
  SCMP_ACT_NOTIFY: 'notify',
};

const OPERATOR_TOKENS: Record<ArgOperator, string> = {
  SCMP_CMP_NE: 'ne',
  SCMP_CMP_LT: 'lt',
  SCMP_CMP_LE: 'le',
  SCMP_CMP_EQ: 'eq',
  SCMP_CMP_GE: 'ge',
  SCMP_CMP_GT: 'gt',
  SCMP_CMP_MASKED_EQ: 'masked_eq',
};

const FLAG_TOKENS = new Map([
  ['SECCOMP_FILTER_FLAG_LOG', 'log'],
  ['SECCOMP_FILTER_FLAG_SPEC_ALLOW', 'spec_allow'],
  ['SECCOMP_FILTER_FLAG_TSYNC', 'tsync'],
]);

/** Docker compares `includes.arches` with Go's GOARCH, not with SCMP_ARCH_* names. */
const GO_ARCH = new Map([
  ['SCMP_ARCH_X86_64', 'amd64'],
  ['SCMP_ARCH_X86', '386'],
  ['SCMP_ARCH_AARCH64', 'arm64'],
  ['SCMP_ARCH_ARM', 'arm'],
  ['SCMP_ARCH_PPC64LE', 'ppc64le'],
  ['SCMP_ARCH_S390X', 's390x'],
  ['SCMP_ARCH_RISCV64', 'riscv64'],
]);

const SYSCALL_NAME = /^[a-z_][a-z0-9_]*$/;
const SCMP_ARCH = /^SCMP_ARCH_[A-Z0-9_]+$/;

/** Runc's defaults: an ERRNO or TRACE action without a number answers EPERM. */
const EPERM = 1;

/** The kernel's BPF_MAXINSNS: it refuses a longer seccomp filter. */
const MAX_INSTRUCTIONS = 4096;

function actionLine(action: SeccompAction, errnoRet: number | undefined, where: string): string {
  const token = ACTION_TOKENS[action];
  if (token === undefined) throw new InputError(`${where}: "${String(action)}" is not a seccomp action`);
  if (action !== 'SCMP_ACT_ERRNO' && action !== 'SCMP_ACT_TRACE') return `${token} 0`;
  const data = errnoRet ?? EPERM;
  const max = action === 'SCMP_ACT_ERRNO' ? 4095 : 65535;
  if (!Number.isInteger(data) || data < 0 || data > max) {
    throw new InputError(`${where}: errnoRet ${String(data)} is not a number in 0..${max}`);
  }
  return `${token} ${data}`;
}

/** Spec numbers are unsigned decimal; JSON numbers beyond 2^53 were already rounded on reading. */
function unsignedText(value: number | undefined, where: string): string {
  const number = value ?? 0;
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new InputError(`${where}: ${String(number)} is not an unsigned integer (seccomp compares 64-bit unsigned values)`);
  }
  return BigInt(number).toString();
}

function conditionText(condition: ArgCondition, where: string): string {
  if (!Number.isInteger(condition.index) || condition.index < 0 || condition.index > 5) {
    throw new InputError(`${where}.index: ${String(condition.index)} is not an argument index (expected 0..5)`);
  }
  const op = OPERATOR_TOKENS[condition.op];
  if (op === undefined) throw new InputError(`${where}.op: "${String(condition.op)}" is not a seccomp operator`);
  return `${condition.index} ${op} ${unsignedText(condition.value, `${where}.value`)} ${unsignedText(condition.valueTwo, `${where}.valueTwo`)}`;
}

/** Runc adds all conditions as one AND-ed rule, unless an index repeats: then one rule each (OR). */
function conditionGroups(args: readonly ArgCondition[] | undefined, where: string): string[] {
  if (!args?.length) return [''];
  const texts = args.map((a, i) => ` ${conditionText(a, `${where}.args[${i}]`)}`);
  const indexes = new Set(args.map((a) => a.index));
  return indexes.size === args.length ? [texts.join('')] : texts;
}

function kernelAtLeast(release: string, minimum: string): boolean {
  const parse = (text: string) => /^(\d+)\.(\d+)/.exec(text)?.slice(1).map(Number);
  const have = parse(release);
  const want = parse(minimum);
  if (!have || !want) return false;
  const [haveMajor = 0, haveMinor = 0] = have;
  const [wantMajor = 0, wantMinor = 0] = want;
  return haveMajor !== wantMajor ? haveMajor > wantMajor : haveMinor >= wantMinor;
}

/** Docker's reading of a rule's `includes` / `excludes` for this host and capability set. */
function ruleApplies(rule: SyscallRule, options: FilterSpecOptions): boolean {
  const goArch = GO_ARCH.get(options.nativeArch) ?? options.nativeArch;
  const holds = (caps: string[]) => caps.map((c) => options.capabilities.includes(c));
  const excludes: RuleFilter = rule.excludes ?? {};
  const includes: RuleFilter = rule.includes ?? {};
  if (excludes.arches?.includes(goArch)) return false;
  if (excludes.caps && holds(excludes.caps).some(Boolean)) return false;
  if (excludes.minKernel && kernelAtLeast(options.kernelRelease, excludes.minKernel)) return false;
  if (includes.arches?.length && !includes.arches.includes(goArch)) return false;
  if (includes.caps && !holds(includes.caps).every(Boolean)) return false;
  if (includes.minKernel && !kernelAtLeast(options.kernelRelease, includes.minKernel)) return false;
  return true;
}

/** `architectures` as listed (runc adds them all); from an archMap only the native entry (Docker). */
function specArches(profile: Profile, nativeArch: string): string[] {
  const scmp = new Set(profile.architectures ?? []);
  for (const entry of profile.archMap ?? []) {
    if (entry.architecture !== nativeArch) continue;
    scmp.add(entry.architecture);
    for (const sub of entry.subArchitectures) scmp.add(sub);
  }
  return [...scmp]
    .map((arch) => {
      if (!SCMP_ARCH.test(arch)) throw new InputError(`architectures: "${arch}" is not an SCMP_ARCH_* name`);
      return arch.slice('SCMP_ARCH_'.length).toLowerCase();
    })
    .sort();
}

function specFlags(profile: Profile): string[] {
  return (profile.flags ?? [])
    .map((flag) => {
      const token = FLAG_TOKENS.get(flag);
      if (token === undefined) {
        throw new InputError(`flags: "${flag}" cannot be enforced here (expected one of ${[...FLAG_TOKENS.keys()].join(', ')})`);
      }
      return token;
    })
    .sort();
}

/**
 * The spec text for a profile: same profile and options in, byte-identical text out. Rules keep the
 * profile's order, because for one syscall the first unconditional rule wins (in libseccomp too).
 * Rules whose action is the default action are left out, as runc does. Throws InputError for what
 * the helper could not enforce or what would not be a single spec token (a name with a space).
 */
export function filterSpec(profile: Profile, options: FilterSpecOptions): string {
  const defaultAction = actionLine(profile.defaultAction, profile.defaultErrnoRet, 'defaultAction');
  const lines = ['seccomp-exec-spec 1', `default ${defaultAction}`];
  for (const arch of specArches(profile, options.nativeArch)) lines.push(`arch ${arch}`);
  for (const flag of specFlags(profile)) lines.push(`flag ${flag}`);
  profile.syscalls.forEach((rule, r) => {
    const where = `syscalls[${r}]`;
    if (!ruleApplies(rule, options)) return;
    const action = actionLine(rule.action, rule.errnoRet, `${where}.action`);
    if (action === defaultAction) return;
    const groups = conditionGroups(rule.args, where);
    rule.names.forEach((name, n) => {
      if (!SYSCALL_NAME.test(name)) throw new InputError(`${where}.names[${n}]: ${JSON.stringify(name.slice(0, 60))} is not a syscall name`);
      for (const conditions of groups) lines.push(`rule ${action} ${name}${conditions}`);
    });
  });
  // Each distinct rule costs the filter at least one instruction. libseccomp takes minutes to
  // compile tens of thousands of rules only for the kernel to refuse the result, so refuse first.
  const distinctRules = new Set(lines.filter((line) => line.startsWith('rule '))).size;
  if (distinctRules > MAX_INSTRUCTIONS) {
    throw new InputError(
      `the profile cannot be enforced: it has ${distinctRules} distinct rules, each at least one BPF instruction, more than the ${MAX_INSTRUCTIONS} the kernel loads in one filter (runc and crun cannot load it either)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
