import { access } from 'node:fs/promises';
import { readProfileFile } from './read-file.js';
import type { Profile } from './model.js';

/**
 * The default seccomp profiles installed with the engines (containers-common ships the one Podman
 * and CRI-O use, derived from Docker's). Docker compiles its default in, so this file stands in for it.
 */
export const ENGINE_DEFAULT_PROFILES = ['/usr/share/containers/seccomp.json', '/etc/containers/seccomp.json'] as const;

/** The first installed engine default profile, or undefined when none is installed or readable. */
export async function loadEngineDefaultProfile(candidates: readonly string[] = ENGINE_DEFAULT_PROFILES): Promise<{ path: string; profile: Profile } | undefined> {
  for (const path of candidates) {
    try {
      await access(path);
      return { path, profile: (await readProfileFile(path)).profile };
    } catch {
      continue;
    }
  }
  return undefined;
}
