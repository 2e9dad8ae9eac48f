import { InputError } from '../errors.js';
import {
  comparePermissiveness,
  formatAction,
  isConditional,
  normalizeProfile,
  ruleKey,
  type ActionWithErrno,
  type ArchMapEntry,
  type Profile,
  type SyscallRule,
} from './model.js';

// Combines runs, replicas and test suites: whatever any input needed, the result allows.

export interface MergeInput {
  source: string;
  profile: Profile;
}

export interface MergeOptions {
  /** Overrides the inputs' default action (required when they disagree). */
  defaultAction?: ActionWithErrno;
}

export interface MergeConflict {
  syscall: string;
  chosen: ActionWithErrno;
  /** What each input gives the syscall; `implicit` when that is its default action. */
  candidates: { source: string; action: ActionWithErrno; implicit: boolean }[];
}

export interface MergeContribution {
  source: string;
  /** Every syscall this input has a rule for. */
  syscalls: string[];
  /** The ones no other input has a rule for. */
  only: string[];
}

export interface MergeResult {
  profile: Profile;
  conflicts: MergeConflict[];
  contributions: MergeContribution[];
  warnings: string[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function outcome(action: ActionWithErrno): ActionWithErrno {
  return action.errnoRet === undefined ? { action: action.action } : { action: action.action, errnoRet: action.errnoRet };
}

function sameOutcome(a: ActionWithErrno, b: ActionWithErrno): boolean {
  return a.action === b.action && a.errnoRet === b.errnoRet;
}

function defaultOf(profile: Profile): ActionWithErrno {
  return outcome({ action: profile.defaultAction, errnoRet: profile.defaultErrnoRet });
}

function chooseDefault(inputs: readonly MergeInput[], options: MergeOptions): ActionWithErrno {
  if (options.defaultAction) return outcome(options.defaultAction);
  const first = inputs[0];
  if (!first) throw new InputError('merge needs at least one profile');
  const differing = inputs.filter((input) => !sameOutcome(defaultOf(input.profile), defaultOf(first.profile)));
  if (differing.length === 0) return defaultOf(first.profile);
  const listed = inputs.map((input) => `${input.source} ${formatAction(defaultOf(input.profile))}`).join(', ');
  throw new InputError(`the profiles disagree on the default action (${listed}); merging them would change what one of them denies`, {
    hint: 'choose one with --default-action, e.g. --default-action SCMP_ACT_ERRNO',
  });
}

function sameValue(label: string, values: { source: string; value: string | undefined }[]): string | undefined {
  const set = new Set(values.map((v) => v.value).filter((v) => v !== undefined));
  if (set.size > 1) {
    throw new InputError(`the profiles disagree on ${label} (${values.filter((v) => v.value !== undefined).map((v) => `${v.source}: ${v.value}`).join(', ')}); merge only profiles for the same seccomp agent`);
  }
  return [...set][0];
}

function mergeArches(inputs: readonly MergeInput[], warnings: string[]): Pick<Profile, 'architectures' | 'archMap'> {
  const architectures = new Set(inputs.flatMap((i) => i.profile.architectures ?? []));
  const maps = inputs.flatMap((i) => i.profile.archMap ?? []);
  if (maps.length === 0) return architectures.size ? { architectures: [...architectures] } : {};
  if (architectures.size) {
    for (const m of maps) [m.architecture, ...m.subArchitectures].forEach((a) => architectures.add(a));
    warnings.push('some inputs use archMap and some architectures; the result lists every architecture in architectures');
    return { architectures: [...architectures] };
  }
  const merged = new Map<string, Set<string>>();
  for (const m of maps) {
    const subs = merged.get(m.architecture) ?? new Set<string>();
    m.subArchitectures.forEach((s) => subs.add(s));
    merged.set(m.architecture, subs);
  }
  const archMap: ArchMapEntry[] = [...merged].map(([architecture, subs]) => ({ architecture, subArchitectures: [...subs] }));
  return { archMap };
}

function explicitOutcome(profile: Profile, name: string): ActionWithErrno | undefined {
  const rule = profile.syscalls.find((r) => !isConditional(r) && r.names.includes(name));
  return rule ? outcome(rule) : undefined;
}

/**
 * The most permissive outcome any input gives each syscall some input has an unconditional rule for.
 * An input without a rule for the name still has an opinion: its default action. A conflict is an
 * explicit rule that lost.
 */
function mergeUnconditional(inputs: readonly MergeInput[], conflicts: MergeConflict[]): Map<string, ActionWithErrno> {
  const names = new Set(inputs.flatMap((input) => input.profile.syscalls.filter((r) => !isConditional(r)).flatMap((r) => r.names)));
  const chosen = new Map<string, ActionWithErrno>();
  for (const name of [...names].sort(byText)) {
    const candidates = inputs.map((input) => {
      const explicit = explicitOutcome(input.profile, name);
      return { source: input.source, action: explicit ?? defaultOf(input.profile), implicit: explicit === undefined };
    });
    const best = candidates.map((c) => c.action).reduce((a, b) => (comparePermissiveness(b, a) > 0 ? b : a));
    chosen.set(name, best);
    if (candidates.some((c) => !c.implicit && !sameOutcome(c.action, best))) conflicts.push({ syscall: name, chosen: best, candidates });
  }
  return chosen;
}

function contributionsOf(inputs: readonly MergeInput[]): MergeContribution[] {
  const owners = new Map<string, Set<string>>();
  const perInput = inputs.map((input) => {
    const names = [...new Set(input.profile.syscalls.flatMap((r) => r.names))].sort(byText);
    for (const name of names) owners.set(name, (owners.get(name) ?? new Set()).add(input.source));
    return { source: input.source, syscalls: names };
  });
  return perInput.map((c) => ({ ...c, only: c.syscalls.filter((n) => owners.get(n)?.size === 1) }));
}

/**
 * Union of the inputs: for each syscall the most permissive outcome any input needs (a disagreement
 * between explicit rules is reported as a conflict), conditional rules kept once each, arches and flags unioned.
 */
export function mergeProfiles(inputs: readonly MergeInput[], options: MergeOptions = {}): MergeResult {
  const normalized = inputs.map((input) => ({ source: input.source, profile: normalizeProfile(input.profile) }));
  const fallback = chooseDefault(normalized, options);
  const warnings: string[] = [];
  const conflicts: MergeConflict[] = [];
  const unconditional = mergeUnconditional(normalized, conflicts);

  const rules: SyscallRule[] = [];
  for (const [name, action] of unconditional) {
    if (!sameOutcome(action, fallback)) rules.push({ names: [name], ...action });
  }
  const seen = new Set<string>();
  for (const input of normalized) {
    for (const rule of input.profile.syscalls) {
      if (!isConditional(rule)) continue;
      // A conditional rule adds nothing for a name the merged profile already treats at least as permissively.
      const names = rule.names.filter((n) => {
        const flat = unconditional.get(n);
        return !flat || comparePermissiveness(flat, outcome(rule)) < 0;
      });
      const key = `${ruleKey(rule)}\u0000${names.join(',')}`;
      if (names.length === 0 || seen.has(key)) continue;
      seen.add(key);
      rules.push({ ...rule, names });
    }
  }

  const profile: Profile = { defaultAction: fallback.action, ...mergeArches(normalized, warnings), syscalls: rules };
  if (fallback.errnoRet !== undefined) profile.defaultErrnoRet = fallback.errnoRet;
  const flags = normalized.flatMap((i) => i.profile.flags ?? []);
  if (flags.length) profile.flags = flags;
  const listenerPath = sameValue('listenerPath', normalized.map((i) => ({ source: i.source, value: i.profile.listenerPath })));
  if (listenerPath) profile.listenerPath = listenerPath;
  const listenerMetadata = sameValue('listenerMetadata', normalized.map((i) => ({ source: i.source, value: i.profile.listenerMetadata })));
  if (listenerMetadata) profile.listenerMetadata = listenerMetadata;
  for (const conflict of conflicts) {
    const list = conflict.candidates.map((c) => `${c.source} ${formatAction(c.action)}${c.implicit ? ' by default' : ''}`).join(', ');
    warnings.push(`${conflict.syscall}: inputs disagree (${list}); kept the more permissive ${formatAction(conflict.chosen)}`);
  }
  return { profile: normalizeProfile(profile), conflicts, contributions: contributionsOf(normalized), warnings };
}
