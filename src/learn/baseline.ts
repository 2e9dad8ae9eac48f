import { allowedNames, type Profile } from '../profile/model.js';
import { toPortableProfile } from '../profile/portable.js';
import { hasSyscall, type ArchName } from '../syscalls/table.js';

/** How a learned profile compares with an engine's default profile on this architecture. */
export interface BaselineComparison {
  source: string;
  defaultAllows: number;
  profileAllows: number;
  /** How many syscalls fewer the learned profile allows than the default. */
  fewer: number;
  /** Names the learned profile allows that the default does not (worth a look in review). */
  beyondDefault: string[];
}

// Both sides counted the same way: unconditional allows, includes/excludes resolved for a container
// without extra capabilities, only names that are syscalls on this architecture.
export function compareWithDefault(learned: Profile, engineDefault: Profile, source: string, arch: ArchName): BaselineComparison {
  const onArch = (names: Set<string>) => new Set([...names].filter((name) => hasSyscall(arch, name)));
  const defaults = onArch(allowedNames(toPortableProfile(engineDefault).profile));
  const mine = onArch(allowedNames(learned));
  return {
    source,
    defaultAllows: defaults.size,
    profileAllows: mine.size,
    fewer: defaults.size - mine.size,
    beyondDefault: [...mine].filter((name) => !defaults.has(name)).sort(),
  };
}
