import { mergeProfiles, type MergeResult } from '../profile/merge.js';
import type { Profile, SyscallRule } from '../profile/model.js';
import type { CheckFindings } from './findings.js';

// `check --update`: the profile plus what the re-run newly needed, through the same merge as `merge`.

const ENOSYS = 38;

/** Only the additions, with the profile's own default so the merge has nothing to disagree on. */
export function additionsProfile(profile: Profile, findings: CheckFindings): Profile {
  const allow = findings.newSyscalls.filter((s) => s.needs === 'allow').map((s) => s.name);
  const enosys = findings.newSyscalls.filter((s) => s.needs === 'enosys').map((s) => s.name);
  const syscalls: SyscallRule[] = [];
  if (allow.length) syscalls.push({ names: allow, action: 'SCMP_ACT_ALLOW' });
  if (enosys.length) syscalls.push({ names: enosys, action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  const additions: Profile = { defaultAction: profile.defaultAction, syscalls };
  if (profile.defaultErrnoRet !== undefined) additions.defaultErrnoRet = profile.defaultErrnoRet;
  if (findings.newArchitectures.length) {
    // A profile without architectures meant the native one; listing any arch must keep it.
    const listsNone = !profile.architectures?.length && !profile.archMap?.length;
    additions.architectures = [...(listsNone ? [findings.nativeArchitecture] : []), ...findings.newArchitectures];
  }
  return additions;
}

/** The merged profile; `source` names the profile file in merge warnings. */
export function updatedProfile(profile: Profile, findings: CheckFindings, source: string): MergeResult {
  return mergeProfiles([
    { source, profile },
    { source: 'check', profile: additionsProfile(profile, findings) },
  ]);
}
