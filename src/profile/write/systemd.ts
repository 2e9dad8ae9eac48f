import { errnoName } from '../errno.js';
import { formatAction, isConditional, type ActionWithErrno, type Profile, type SeccompAction } from '../model.js';
import { toPortableProfile } from '../portable.js';
import { scmpArchToSystemd } from '../systemd-arch.js';
import type { WrittenProfile } from './oci.js';

// A systemd drop-in. systemd accepts `name:ERRNO` only in a ~deny list (an allow list refuses it),
// kills with SIGSYS when no SystemCallErrorNumber= is set, and cannot look at arguments.

const HEADER = '# seccomp filter written by seccomp-learner; install as /etc/systemd/system/UNIT.service.d/seccomp.conf';
const LINE_WIDTH = 100;

const KILLS: readonly SeccompAction[] = ['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP'];
const ALLOWS: readonly SeccompAction[] = ['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'];

/** What systemd can do with a denied call: kill the process or return an errno. */
type SystemdOutcome = { kind: 'kill' } | { kind: 'errno'; errno: number };

function errnoText(errno: number): string {
  return errnoName(errno) ?? String(errno);
}

function outcomeOf(action: ActionWithErrno, warnings: string[], what: string): SystemdOutcome {
  if (KILLS.includes(action.action)) {
    if (action.action !== 'SCMP_ACT_KILL_PROCESS') warnings.push(`${what}: ${action.action} becomes a kill of the whole process, the only kill systemd has`);
    return { kind: 'kill' };
  }
  if (action.action === 'SCMP_ACT_ERRNO') return { kind: 'errno', errno: action.errnoRet ?? 1 };
  // With no tracer attached, SCMP_ACT_TRACE fails the call with ENOSYS.
  if (action.action === 'SCMP_ACT_TRACE') {
    warnings.push(`${what}: SCMP_ACT_TRACE has no systemd equivalent; written as ENOSYS, what it returns with no tracer`);
    return { kind: 'errno', errno: action.errnoRet ?? 38 };
  }
  warnings.push(`${what}: ${action.action} has no systemd equivalent; written as a kill`);
  return { kind: 'kill' };
}

function sameOutcome(a: SystemdOutcome, b: SystemdOutcome): boolean {
  return a.kind === b.kind && (a.kind === 'kill' || a.errno === (b as { errno: number }).errno);
}

function filterLines(words: readonly string[], prefix: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && `SystemCallFilter=${prefix}${line} ${word}`.length > LINE_WIDTH) {
      lines.push(`SystemCallFilter=${prefix}${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(`SystemCallFilter=${prefix}${line}`);
  return lines;
}

function architectureLine(profile: Profile, warnings: string[]): string[] {
  const names: string[] = [];
  for (const arch of profile.architectures ?? []) {
    const name = scmpArchToSystemd(arch);
    if (name) names.push(name);
    else warnings.push(`architecture ${arch} has no systemd name; left out of SystemCallArchitectures=`);
  }
  return names.length ? [`SystemCallArchitectures=${names.join(' ')}`] : [];
}

function allowListBody(profile: Profile, warnings: string[]): string[] {
  const fallback = outcomeOf({ action: profile.defaultAction, errnoRet: profile.defaultErrnoRet }, warnings, 'defaultAction');
  const allowed = new Set<string>();
  const conditional = new Set<string>();
  const lost: string[] = [];
  for (const rule of profile.syscalls) {
    if (ALLOWS.includes(rule.action)) {
      rule.names.forEach((n) => allowed.add(n));
      if (isConditional(rule)) rule.names.forEach((n) => conditional.add(n));
      continue;
    }
    const own = outcomeOf(rule, warnings, rule.names.join(' '));
    if (!sameOutcome(own, fallback)) lost.push(...rule.names.map((n) => `${n} (${formatAction(rule)})`));
  }
  if (conditional.size) warnings.push(`systemd cannot filter on arguments: allowed without their conditions: ${[...conditional].sort().join(', ')}`);
  if (lost.length) {
    const instead = fallback.kind === 'kill' ? 'are killed' : `get SystemCallErrorNumber=${errnoText(fallback.errno)}`;
    warnings.push(`systemd cannot give single syscalls their own action in an allow list; these ${instead} instead: ${lost.sort().join(', ')}`);
  }
  const lines = fallback.kind === 'errno' ? [`SystemCallErrorNumber=${errnoText(fallback.errno)}`] : [];
  if (allowed.size === 0) {
    warnings.push('the profile allows no syscall; systemd still allows its @default group');
    return [...lines, 'SystemCallFilter=@default'];
  }
  return [...lines, ...filterLines([...allowed].sort(), '')];
}

function denyListBody(profile: Profile, warnings: string[]): string[] {
  if (profile.defaultAction === 'SCMP_ACT_LOG') warnings.push('defaultAction SCMP_ACT_LOG: systemd cannot log by default; everything not denied is allowed silently');
  const denied = new Map<string, string>();
  const conditional = new Set<string>();
  for (const rule of profile.syscalls) {
    if (ALLOWS.includes(rule.action)) continue;
    if (isConditional(rule)) {
      rule.names.forEach((n) => conditional.add(n));
      continue;
    }
    const outcome = outcomeOf(rule, warnings, rule.names.join(' '));
    for (const name of rule.names) denied.set(name, outcome.kind === 'kill' ? name : `${name}:${errnoText(outcome.errno)}`);
  }
  if (conditional.size) warnings.push(`systemd cannot filter on arguments: not denied at all: ${[...conditional].sort().join(', ')}`);
  if (denied.size === 0) {
    warnings.push('the profile denies nothing; no SystemCallFilter= written');
    return [];
  }
  const words = [...denied.keys()].sort().map((name) => denied.get(name) ?? name);
  return filterLines(words, '~');
}

/** [Service] drop-in: an allow list when the default denies, a ~deny list when the default allows. */
export function writeSystemdDropIn(profile: Profile): WrittenProfile {
  const { profile: portable, warnings } = toPortableProfile(profile);
  const denyList = ALLOWS.includes(portable.defaultAction);
  const body = denyList ? denyListBody(portable, warnings) : allowListBody(portable, warnings);
  const lines = [HEADER, '[Service]', ...architectureLine(portable, warnings), ...body];
  return { text: lines.join('\n') + '\n', warnings };
}
