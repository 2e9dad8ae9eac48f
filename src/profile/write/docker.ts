import { normalizeProfile, type Profile } from '../model.js';

/** Docker/Podman JSON: canonical key order, 2-space indent, trailing newline. Byte-stable. */
export function writeDockerProfile(profile: Profile): string {
  return JSON.stringify(normalizeProfile(profile), null, 2) + '\n';
}
