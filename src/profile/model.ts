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

function normalizeArgs(args: readonly ArgCondition[] | undefined): ArgCondition[] | undefined {
  if (!args?.length) return undefined;
  return args
    .map((a) => (a.valueTwo === undefined ? { index: a.index, value: a.value, op: a.op } : { index: a.index, value: a.value, valueTwo: a.valueTwo, op: a.op }))
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
