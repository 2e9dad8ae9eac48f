import { fromScmpArch, fromShortArch, nativeArch } from '../syscalls/arch.js';
import { normalizeProfile, type Profile, type RuleFilter, type SyscallRule } from './model.js';

// Docker-only features resolved into the OCI subset every other format shares, the way Docker itself
// resolves them for a container with no added capabilities: each change of meaning is a warning.

export interface PortableProfile {
  profile: Profile;
  warnings: string[];
}

function listNames(rules: readonly SyscallRule[]): string {
  const names = [...new Set(rules.flatMap((r) => r.names))].sort();
  const shown = names.slice(0, 12).join(', ');
  return names.length > 12 ? `${shown}, … (${names.length} in all)` : shown;
}

/** Arch names comparable between SCMP_ARCH_* and Docker's short names; the native arch when none listed. */
function profileArches(architectures: readonly string[]): Set<string> {
  if (architectures.length === 0) return new Set([nativeArch()]);
  const out = new Set<string>();
  for (const arch of architectures) {
    const name = arch === 'SCMP_ARCH_NATIVE' ? nativeArch() : fromScmpArch(arch);
    out.add(name ?? arch);
  }
  return out;
}

function matchesArches(filterArches: readonly string[], arches: Set<string>): 'all' | 'some' | 'none' {
  const hits = filterArches.filter((short) => arches.has(fromShortArch(short) ?? short)).length;
  const covered = [...arches].filter((arch) => filterArches.some((short) => (fromShortArch(short) ?? short) === arch)).length;
  if (hits === 0) return 'none';
  return covered === arches.size ? 'all' : 'some';
}

type Fate = 'keep' | 'drop';

interface Resolution {
  fate: Fate;
  reason?: 'caps-included' | 'kernel-included' | 'caps-excluded' | 'kernel-excluded' | 'arches-partial';
}

// Docker keeps a rule when every `includes` condition holds and no `excludes` condition does.
function resolveFilters(includes: RuleFilter | undefined, excludes: RuleFilter | undefined, arches: Set<string>): Resolution {
  if (includes?.caps?.length) return { fate: 'drop', reason: 'caps-included' };
  let partial = false;
  if (includes?.arches?.length) {
    const match = matchesArches(includes.arches, arches);
    if (match === 'none') return { fate: 'drop' };
    partial ||= match === 'some';
  }
  if (excludes?.arches?.length) {
    const match = matchesArches(excludes.arches, arches);
    if (match === 'all') return { fate: 'drop' };
    partial ||= match === 'some';
  }
  if (excludes?.minKernel) return { fate: 'drop', reason: 'kernel-excluded' };
  if (includes?.minKernel) return { fate: 'keep', reason: 'kernel-included' };
  if (excludes?.caps?.length) return { fate: 'keep', reason: 'caps-excluded' };
  return partial ? { fate: 'keep', reason: 'arches-partial' } : { fate: 'keep' };
}

const EXPLANATIONS: Record<NonNullable<Resolution['reason']>, (names: string) => string> = {
  'caps-included': (names) => `dropped rules Docker applies only when the container has extra capabilities: ${names}`,
  'kernel-included': (names) => `kept rules Docker applies only on newer kernels, now applied on every kernel: ${names}`,
  'kernel-excluded': (names) => `dropped rules Docker applies only on older kernels: ${names}`,
  'caps-excluded': (names) => `kept rules Docker skips when the container has extra capabilities, now always applied: ${names}`,
  'arches-partial': (names) => `rules Docker limits to some architectures now apply on every listed one: ${names}`,
};

/** The profile in the OCI subset (no name, archMap, includes, excludes, comment), with what that changed. */
export function toPortableProfile(input: Profile): PortableProfile {
  const profile = normalizeProfile(input);
  const warnings: string[] = [];
  const out: Profile = { ...profile, syscalls: [] };
  delete out.archMap;
  if (profile.archMap?.length) {
    const flattened = [...(profile.architectures ?? []), ...profile.archMap.flatMap((m) => [m.architecture, ...m.subArchitectures])];
    out.architectures = flattened;
    warnings.push(
      `archMap became architectures ${[...new Set(flattened)].sort().join(', ')}: Docker uses only the entry of the host's architecture, this format lists them all`,
    );
  }
  const arches = profileArches(out.architectures ?? []);
  const byReason = new Map<NonNullable<Resolution['reason']>, SyscallRule[]>();
  for (const rule of profile.syscalls) {
    const { includes, excludes, comment, ...plain } = rule;
    void comment;
    const resolution = resolveFilters(includes, excludes, arches);
    if (resolution.reason) byReason.set(resolution.reason, [...(byReason.get(resolution.reason) ?? []), rule]);
    if (resolution.fate === 'keep') out.syscalls.push(plain);
  }
  for (const [reason, rules] of byReason) warnings.push(EXPLANATIONS[reason](listNames(rules)));
  return { profile: normalizeProfile(out), warnings };
}
