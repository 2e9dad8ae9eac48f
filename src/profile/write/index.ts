import type { Profile } from '../model.js';
import { writeDockerProfile } from './docker.js';
import { writeKubernetesProfile } from './kubernetes.js';
import { writeOciProfile, type WrittenProfile } from './oci.js';
import { writeSystemdDropIn } from './systemd.js';

export type { WrittenProfile } from './oci.js';

/** The formats the tool writes. */
export const PROFILE_FORMATS = ['docker', 'oci', 'kubernetes', 'systemd'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

export interface WriteOptions {
  /** SeccompProfile metadata.name (kubernetes only). */
  name?: string | undefined;
  /** SeccompProfile namespace; asks for the namespaced v1beta1 form (kubernetes only). */
  namespace?: string | undefined;
}

/** Renders a profile in one format: byte-deterministic text with a trailing newline, plus what the format lost. */
export function writeProfile(profile: Profile, format: ProfileFormat, options: WriteOptions = {}): WrittenProfile {
  switch (format) {
    case 'docker':
      return { text: writeDockerProfile(profile), warnings: [] };
    case 'oci':
      return writeOciProfile(profile);
    case 'kubernetes':
      return writeKubernetesProfile(profile, { name: options.name ?? 'seccomp-profile', namespace: options.namespace });
    case 'systemd':
      return writeSystemdDropIn(profile);
  }
}
