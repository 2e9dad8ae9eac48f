import { formatAction, isConditional, type ActionWithErrno, type SyscallRule } from '../model.js';
import { childPath, warn, type ReadContext } from './fields.js';

// A syscall named by two unconditional rules: runc and crun hand the rules to libseccomp in file
// order, skipping those that repeat the default action, and libseccomp keeps the first rule for a
// syscall. The model sorts rules, so the later ones are dropped here, while their order is known.

const MAX_WARNINGS = 10;

// The action runc hands libseccomp: EPERM for SCMP_ACT_ERRNO and SCMP_ACT_TRACE without a number,
// and SCMP_ACT_KILL is SCMP_ACT_KILL_THREAD.
function outcomeKey(outcome: ActionWithErrno): string {
  if (outcome.action === 'SCMP_ACT_KILL') return 'SCMP_ACT_KILL_THREAD';
  const usesErrno = outcome.action === 'SCMP_ACT_ERRNO' || outcome.action === 'SCMP_ACT_TRACE';
  return usesErrno ? formatAction({ action: outcome.action, errnoRet: outcome.errnoRet ?? 1 }) : outcome.action;
}

/**
 * Keeps each syscall name only in the first unconditional rule that takes effect for it, warning
 * when a later rule asked for something else. A rule repeating the default action is dropped for
 * names another rule decides: the runtimes skip it.
 */
export function keepFirstRules(context: ReadContext, rules: readonly SyscallRule[], defaultOutcome: ActionWithErrno, rulesPath: string): SyscallRule[] {
  const defaultKey = outcomeKey(defaultOutcome);
  const decided = new Map<string, { index: number; outcome: string }>();
  let ignored = 0;
  const kept = rules.map((rule, index) => {
    if (isConditional(rule) || outcomeKey(rule) === defaultKey) return rule;
    const outcome = outcomeKey(rule);
    const warned = new Set<string>();
    const names = rule.names.filter((name) => {
      const first = decided.get(name);
      if (first === undefined) {
        decided.set(name, { index, outcome });
        return true;
      }
      if (first.outcome !== outcome && !warned.has(name)) {
        warned.add(name);
        if (++ignored <= MAX_WARNINGS) {
          warn(
            context,
            childPath(rulesPath, index),
            `names "${name}", which ${childPath(rulesPath, first.index)} already gives ${first.outcome}; the runtimes apply only the first rule, so ${outcome} here is ignored`,
          );
        }
      }
      return false;
    });
    return { ...rule, names };
  });
  if (ignored > MAX_WARNINGS) warn(context, rulesPath, `have ${ignored - MAX_WARNINGS} more names whose later rule is ignored the same way`);
  return kept.map((rule) => (isConditional(rule) || outcomeKey(rule) !== defaultKey ? rule : { ...rule, names: rule.names.filter((name) => !decided.has(name)) }));
}
