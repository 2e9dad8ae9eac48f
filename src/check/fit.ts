import { formatAction, isConditional, type ActionWithErrno, type Profile, type SeccompAction } from '../profile/model.js';

// How a profile treats one syscall name, as far as `check` can tell from a name alone.

/**
 * `allowed`: the call goes through. `enosys`: an explicit ERRNO(ENOSYS) rule answers it on purpose
 * (libc falls back, as verify treats it). `conditional`: only argument rules (or Docker's
 * includes/excludes) decide, which a name cannot settle. `denied`: the call would be refused.
 */
export type Fit = 'allowed' | 'enosys' | 'conditional' | 'denied';

const ENOSYS = 38;
const ALLOWING: ReadonlySet<SeccompAction> = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

export function isAllowing(action: SeccompAction): boolean {
  return ALLOWING.has(action);
}

/** The unconditional outcome for `name`: its first unconditional rule, else the default action. */
export function outcomeFor(profile: Profile, name: string): ActionWithErrno & { explicit: boolean } {
  const rule = profile.syscalls.find((r) => !isConditional(r) && r.names.includes(name));
  if (rule) return rule.errnoRet === undefined ? { action: rule.action, explicit: true } : { action: rule.action, errnoRet: rule.errnoRet, explicit: true };
  const fallback = { action: profile.defaultAction, explicit: false };
  return profile.defaultErrnoRet === undefined ? fallback : { ...fallback, errnoRet: profile.defaultErrnoRet };
}

export function fitOf(profile: Profile, name: string): Fit {
  const outcome = outcomeFor(profile, name);
  if (outcome.explicit) {
    if (isAllowing(outcome.action)) return 'allowed';
    if (outcome.action === 'SCMP_ACT_ERRNO' && outcome.errnoRet === ENOSYS) return 'enosys';
    return 'denied';
  }
  const conditions = profile.syscalls.filter((r) => isConditional(r) && r.names.includes(name));
  // Conditions that only allow, on top of a default that allows, change nothing.
  if (conditions.length && !(isAllowing(outcome.action) && conditions.every((r) => isAllowing(r.action)))) return 'conditional';
  return isAllowing(outcome.action) ? 'allowed' : 'denied';
}

/** `SCMP_ACT_ERRNO(1)`: what the profile would answer a denied call with, for messages. */
export function answerFor(profile: Profile, name: string): string {
  const { explicit: _explicit, ...outcome } = outcomeFor(profile, name);
  return formatAction(outcome);
}
