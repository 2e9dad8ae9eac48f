// The profile as the tool holds it: Docker/Podman JSON is the richest format, so it is the model;
// the other formats are written from it and read into it.

export const SECCOMP_ACTIONS = [
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_LOG',
  'SCMP_ACT_NOTIFY',
] as const;
export type SeccompAction = (typeof SECCOMP_ACTIONS)[number];

export const ARG_OPERATORS = [
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
] as const;
export type ArgOperator = (typeof ARG_OPERATORS)[number];

/** Every architecture name libseccomp (and so runc, crun, Docker and Podman) accepts. */
export const SCMP_ARCHES = [
  'SCMP_ARCH_NATIVE',
  'SCMP_ARCH_X86',
  'SCMP_ARCH_X86_64',
  'SCMP_ARCH_X32',
  'SCMP_ARCH_ARM',
  'SCMP_ARCH_AARCH64',
  'SCMP_ARCH_LOONGARCH64',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPSEL64',
  'SCMP_ARCH_MIPSEL64N32',
  'SCMP_ARCH_PPC',
  'SCMP_ARCH_PPC64',
  'SCMP_ARCH_PPC64LE',
  'SCMP_ARCH_S390',
  'SCMP_ARCH_S390X',
  'SCMP_ARCH_PARISC',
  'SCMP_ARCH_PARISC64',
  'SCMP_ARCH_RISCV64',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
] as const;

/** seccomp(2) filter flags the OCI runtime-spec lets a profile ask for. */
export const SECCOMP_FLAGS = [
  'SECCOMP_FILTER_FLAG_TSYNC',
  'SECCOMP_FILTER_FLAG_LOG',
  'SECCOMP_FILTER_FLAG_SPEC_ALLOW',
  'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
] as const;

/** Actions that may carry an errno (`errnoRet`, `defaultErrnoRet`). */
export const ERRNO_ACTIONS: readonly SeccompAction[] = ['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE'];

export interface ArgCondition {
  index: number;
  value: number;
  valueTwo?: number;
  op: ArgOperator;
}

/** Docker-only rule filters (`includes` / `excludes`). */
export interface RuleFilter {
  caps?: string[];
  arches?: string[];
  minKernel?: string;
}

export interface SyscallRule {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: ArgCondition[];
  comment?: string;
  includes?: RuleFilter;
  excludes?: RuleFilter;
}

export interface ArchMapEntry {
  architecture: string;
  subArchitectures: string[];
}

export interface Profile {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: ArchMapEntry[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls: SyscallRule[];
}

/** Permissiveness order used when two rules disagree about one syscall: later wins in a merge. */
export const ACTION_PERMISSIVENESS: readonly SeccompAction[] = [
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_NOTIFY',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_LOG',
  'SCMP_ACT_ALLOW',
];

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(byText);
}

function normalizeFilter(filter: RuleFilter | undefined): RuleFilter | undefined {
  if (!filter) return undefined;
  const out: RuleFilter = {};
  if (filter.caps?.length) out.caps = sortedUnique(filter.caps);
  if (filter.arches?.length) out.arches = sortedUnique(filter.arches);
  if (filter.minKernel) out.minKernel = filter.minKernel;
  return Object.keys(out).length ? out : undefined;
}

// libseccomp reads valueTwo only for SCMP_CMP_MASKED_EQ, so it is dropped elsewhere and defaulted to 0 there.
function normalizeArgs(args: readonly ArgCondition[] | undefined): ArgCondition[] | undefined {
  if (!args?.length) return undefined;
  return args
    .map((a) => (a.op === 'SCMP_CMP_MASKED_EQ' ? { index: a.index, value: a.value, valueTwo: a.valueTwo ?? 0, op: a.op } : { index: a.index, value: a.value, op: a.op }))
    .sort((a, b) => a.index - b.index || a.value - b.value || (a.valueTwo ?? 0) - (b.valueTwo ?? 0) || byText(a.op, b.op));
}

/** Everything about a rule except its names: rules with the same key can share one names list. */
export function ruleKey(rule: SyscallRule): string {
  return JSON.stringify([
    rule.action,
    rule.errnoRet ?? null,
    rule.args ?? null,
    rule.comment ?? null,
    rule.includes ?? null,
    rule.excludes ?? null,
  ]);
}

function normalizeRule(rule: SyscallRule): SyscallRule {
  const out: SyscallRule = { names: sortedUnique(rule.names), action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  const args = normalizeArgs(rule.args);
  if (args) out.args = args;
  if (rule.comment) out.comment = rule.comment;
  const includes = normalizeFilter(rule.includes);
  if (includes) out.includes = includes;
  const excludes = normalizeFilter(rule.excludes);
  if (excludes) out.excludes = excludes;
  return out;
}

/** Rule order: allow rules first, then by action, errno, arguments and first name. */
function compareRules(a: SyscallRule, b: SyscallRule): number {
  const rank = (r: SyscallRule) => -ACTION_PERMISSIVENESS.indexOf(r.action);
  return (
    rank(a) - rank(b) ||
    (a.errnoRet ?? -1) - (b.errnoRet ?? -1) ||
    (a.args ? 1 : 0) - (b.args ? 1 : 0) ||
    byText(a.names[0] ?? '', b.names[0] ?? '') ||
    byText(ruleKey(a), ruleKey(b))
  );
}

/**
 * Canonical form: names sorted and unique, rules with identical action/errno/args/filters merged,
 * rules in a fixed order, empty optional fields dropped. Same meaning in, same value out.
 */
export function normalizeProfile(profile: Profile): Profile {
  const merged = new Map<string, SyscallRule>();
  for (const raw of profile.syscalls) {
    const rule = normalizeRule(raw);
    if (rule.names.length === 0) continue;
    const key = ruleKey(rule);
    const existing = merged.get(key);
    if (existing) existing.names = sortedUnique([...existing.names, ...rule.names]);
    else merged.set(key, rule);
  }
  const out = { defaultAction: profile.defaultAction } as Profile;
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  if (profile.architectures?.length) out.architectures = sortedUnique(profile.architectures);
  if (profile.archMap?.length) {
    out.archMap = profile.archMap
      .map((m) => ({ architecture: m.architecture, subArchitectures: sortedUnique(m.subArchitectures) }))
      .sort((a, b) => byText(a.architecture, b.architecture));
  }
  if (profile.flags?.length) out.flags = sortedUnique(profile.flags);
  if (profile.listenerPath) out.listenerPath = profile.listenerPath;
  if (profile.listenerMetadata) out.listenerMetadata = profile.listenerMetadata;
  out.syscalls = [...merged.values()].sort(compareRules);
  return out;
}

/** The action a profile gives a syscall name when its arguments match no conditional rule. */
export function actionFor(profile: Profile, name: string): { action: SeccompAction; errnoRet?: number; conditional: boolean } {
  let conditional = false;
  for (const rule of profile.syscalls) {
    if (!rule.names.includes(name)) continue;
    if (rule.args?.length || rule.includes || rule.excludes) {
      conditional = true;
      continue;
    }
    return rule.errnoRet === undefined ? { action: rule.action, conditional } : { action: rule.action, errnoRet: rule.errnoRet, conditional };
  }
  const fallback = { action: profile.defaultAction, conditional };
  return profile.defaultErrnoRet === undefined ? fallback : { ...fallback, errnoRet: profile.defaultErrnoRet };
}

/** Every name an unconditional SCMP_ACT_ALLOW (or LOG) rule lets through. */
export function allowedNames(profile: Profile): Set<string> {
  const names = new Set<string>();
  for (const rule of profile.syscalls) {
    if (rule.action !== 'SCMP_ACT_ALLOW' && rule.action !== 'SCMP_ACT_LOG') continue;
    if (rule.args?.length || rule.includes || rule.excludes) continue;
    for (const n of rule.names) names.add(n);
  }
  return names;
}

/** An action together with the errno it returns, when it returns one. */
export interface ActionWithErrno {
  action: SeccompAction;
  errnoRet?: number;
}

const ENOSYS = 38;

/**
 * Orders two outcomes by how much they let a program do: ALLOW beats LOG beats … beats KILL.
 * Between two errnos of one action, ENOSYS wins: glibc falls back on it, it breaks nothing EPERM would not.
 */
export function comparePermissiveness(a: ActionWithErrno, b: ActionWithErrno): number {
  const byAction = ACTION_PERMISSIVENESS.indexOf(a.action) - ACTION_PERMISSIVENESS.indexOf(b.action);
  if (byAction !== 0) return byAction;
  const rank = (e: number | undefined) => (e === ENOSYS ? Infinity : -(e ?? 1));
  const ra = rank(a.errnoRet);
  const rb = rank(b.errnoRet);
  return ra === rb ? 0 : ra > rb ? 1 : -1;
}

/** `SCMP_ACT_ERRNO(38)` style text for messages and reports. */
export function formatAction(outcome: ActionWithErrno): string {
  return outcome.errnoRet === undefined ? outcome.action : `${outcome.action}(${outcome.errnoRet})`;
}

/** True when a rule applies only under a condition: argument comparisons or Docker's includes/excludes. */
export function isConditional(rule: SyscallRule): boolean {
  return Boolean(rule.args?.length || rule.includes || rule.excludes);
}
