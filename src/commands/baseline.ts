import { compareWithDefault, type BaselineComparison } from '../learn/baseline.js';
import type { LearnResult } from '../learn/pipeline.js';
import { loadEngineDefaultProfile } from '../profile/engine-default.js';
import { nativeArch } from '../syscalls/arch.js';

/** The report's comparison with the installed engine default profile, or why there is none. */
export async function compareWithEngineDefault(result: LearnResult): Promise<BaselineComparison | { unavailable: string }> {
  const engineDefault = await loadEngineDefaultProfile();
  if (!engineDefault) return { unavailable: 'no engine default profile is installed here (containers-common: /usr/share/containers/seccomp.json)' };
  return compareWithDefault(result.profile, engineDefault.profile, engineDefault.path, nativeArch());
}
