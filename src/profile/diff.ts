import {
  ACTION_PERMISSIVENESS,
  isConditional,
  normalizeProfile,
  ruleKey,
  type ActionWithErrno,
  type Profile,
  type SyscallRule,
} from './model.js';
import { sensitiveReason } from './sensitive.js';

// A semantic diff: what each profile does with each syscall, not how the files are laid out.

export type ConditionalRule = Omit<SyscallRule, 'names'>;

/** What a profile does with one syscall name. */
export interface SyscallTreatment {
  /** The unconditional rule's outcome; absent when the name has only conditional rules. */
  action?: ActionWithErrno;
  /** Rules that apply to the name only when their arguments (or Docker filters) match. */
  conditions: ConditionalRule[];
}

export type ChangeAspect = 'action' | 'errno' | 'args';

export interface SyscallChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  old?: SyscallTreatment;
  new?: SyscallTreatment;
  /** For `changed`: which parts differ. */
  aspects: ChangeAspect[];
  /** The new profile lets the call through in cases the old one did not. */
  widened: boolean;
  /** Why the syscall deserves a second look, when it was widened and is a sensitive one. */
  sensitive?: string;
}

export interface ValueChange<T> {
  old: T;
  new: T;
}

export interface ProfileDiff {
  oldSource: string;
  newSource: string;
  defaultAction?: ValueChange<ActionWithErrno>;
  architectures: { added: string[]; removed: string[] };
  flags: { added: string[]; removed: string[] };
  syscalls: SyscallChange[];
  summary: {
    added: number;
    removed: number;
    changed: number;
    sensitive: number;
    /** Anything differs at all. */
    hasChanges: boolean;
    /** The new profile allows something the old did not: what `--fail-on added` gates on. */
    widens: boolean;
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function outcome(source: ActionWithErrno): ActionWithErrno {
  return source.errnoRet === undefined ? { action: source.action } : { action: source.action, errnoRet: source.errnoRet };
}

function treatments(profile: Profile): Map<string, SyscallTreatment> {
  const out = new Map<string, SyscallTreatment>();
  for (const rule of profile.syscalls) {
    const { names, ...rest } = rule;
    for (const name of names) {
      const treatment = out.get(name) ?? { conditions: [] };
      if (isConditional(rule)) treatment.conditions.push(rest);
      else treatment.action ??= outcome(rule);
      out.set(name, treatment);
    }
  }
  return out;
}

function fallbackOf(profile: Profile): ActionWithErrno {
  return outcome({ action: profile.defaultAction, errnoRet: profile.defaultErrnoRet });
}

function conditionKeys(treatment: SyscallTreatment | undefined): Set<string> {
  return new Set((treatment?.conditions ?? []).map((c) => ruleKey({ names: [], ...c })));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function aspectsOf(old: SyscallTreatment, next: SyscallTreatment): ChangeAspect[] {
  const aspects: ChangeAspect[] = [];
  if (old.action?.action !== next.action?.action) aspects.push('action');
  else if (old.action?.errnoRet !== next.action?.errnoRet) aspects.push('errno');
  if (!sameSet(conditionKeys(old), conditionKeys(next))) aspects.push('args');
  return aspects;
}

// Only the action counts: trading EPERM for ENOSYS lets nothing more through.
function moreActive(a: ActionWithErrno, b: ActionWithErrno): boolean {
  return ACTION_PERMISSIVENESS.indexOf(a.action) > ACTION_PERMISSIVENESS.indexOf(b.action);
}

// Widened: the unconditional outcome (or the default, without a rule) became more permissive, or a
// conditional rule more permissive than that outcome appeared.
function isWidened(old: SyscallTreatment | undefined, next: SyscallTreatment | undefined, oldFallback: ActionWithErrno, newFallback: ActionWithErrno): boolean {
  const before = old?.action ?? oldFallback;
  const after = next?.action ?? newFallback;
  if (moreActive(after, before)) return true;
  const known = conditionKeys(old);
  return (next?.conditions ?? []).some((c) => !known.has(ruleKey({ names: [], ...c })) && moreActive(outcome(c), after));
}

function archesOf(profile: Profile): Set<string> {
  return new Set([...(profile.architectures ?? []), ...(profile.archMap ?? []).flatMap((m) => [m.architecture, ...m.subArchitectures])]);
}

function setChange(old: Iterable<string>, next: Iterable<string>): { added: string[]; removed: string[] } {
  const a = new Set(old);
  const b = new Set(next);
  return { added: [...b].filter((x) => !a.has(x)).sort(byText), removed: [...a].filter((x) => !b.has(x)).sort(byText) };
}

/** Compares two profiles by meaning; sources only label the result. */
export function diffProfiles(oldProfile: Profile, newProfile: Profile, sources: { old: string; new: string } = { old: 'old', new: 'new' }): ProfileDiff {
  const before = normalizeProfile(oldProfile);
  const after = normalizeProfile(newProfile);
  const oldFallback = fallbackOf(before);
  const newFallback = fallbackOf(after);
  const oldTreatments = treatments(before);
  const newTreatments = treatments(after);

  const syscalls: SyscallChange[] = [];
  const names = [...new Set([...oldTreatments.keys(), ...newTreatments.keys()])].sort(byText);
  for (const name of names) {
    const old = oldTreatments.get(name);
    const next = newTreatments.get(name);
    const aspects = old && next ? aspectsOf(old, next) : [];
    if (old && next && aspects.length === 0) continue;
    const kind = !old ? 'added' : !next ? 'removed' : 'changed';
    const widened = isWidened(old, next, oldFallback, newFallback);
    const change: SyscallChange = { name, kind, aspects, widened };
    if (old) change.old = old;
    if (next) change.new = next;
    const reason = widened ? sensitiveReason(name) : undefined;
    if (reason) change.sensitive = reason;
    syscalls.push(change);
  }

  const diff: ProfileDiff = {
    oldSource: sources.old,
    newSource: sources.new,
    architectures: setChange(archesOf(before), archesOf(after)),
    flags: setChange(before.flags ?? [], after.flags ?? []),
    syscalls,
    summary: { added: 0, removed: 0, changed: 0, sensitive: 0, hasChanges: false, widens: false },
  };
  const defaultChanged = oldFallback.action !== newFallback.action || oldFallback.errnoRet !== newFallback.errnoRet;
  if (defaultChanged) diff.defaultAction = { old: oldFallback, new: newFallback };
  const count = (kind: SyscallChange['kind']) => syscalls.filter((s) => s.kind === kind).length;
  diff.summary = {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    sensitive: syscalls.filter((s) => s.sensitive).length,
    hasChanges: syscalls.length > 0 || defaultChanged || diff.architectures.added.length + diff.architectures.removed.length + diff.flags.added.length + diff.flags.removed.length > 0,
    widens: syscalls.some((s) => s.widened) || diff.architectures.added.length > 0 || (defaultChanged && moreActive(newFallback, oldFallback)),
  };
  return diff;
}
