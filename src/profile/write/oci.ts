import { toPortableProfile } from '../portable.js';
import type { Profile } from '../model.js';

export interface WrittenProfile {
  text: string;
  warnings: string[];
}

/** OCI runtime-spec `linux.seccomp`: the subset runc, crun and containerd's Localhost profiles read. */
export function writeOciProfile(profile: Profile): WrittenProfile {
  const { profile: portable, warnings } = toPortableProfile(profile);
  return { text: JSON.stringify(portable, null, 2) + '\n', warnings };
}
