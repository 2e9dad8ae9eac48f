// Runs a container with a profile enforced by the engine's own runtime (`--security-opt seccomp=…`),
// traces it exactly as record does, and lists the calls the profile denied.
import type { Profile } from '../profile/model.js';
import { writeDockerProfile } from '../profile/write/docker.js';
import { nativeArch } from '../syscalls/arch.js';
import { DenialCollector, type Denial } from '../verify/denials.js';
import { TracerError } from '../errors.js';
import { recordContainer, type ContainerRecordIo, type ContainerRecordRequest, type ContainerRecordResult } from './container.js';

export interface ContainerVerifyRequest extends Omit<ContainerRecordRequest, 'securityOpt' | 'seccompProfile'> {
  profile: Profile;
  /** The user's file when it is Docker JSON already: the engine then loads exactly that file. */
  dockerProfileFile?: string;
}

export interface ContainerVerifyResult extends ContainerRecordResult {
  denials: Denial[];
}

export async function verifyContainer(request: ContainerVerifyRequest, io: ContainerRecordIo): Promise<ContainerVerifyResult> {
  const collector = new DenialCollector(request.profile, nativeArch());
  const { profile, dockerProfileFile, ...rest } = request;
  const enforce = dockerProfileFile !== undefined ? { securityOpt: `seccomp=${dockerProfileFile}` } : { seccompProfile: writeDockerProfile(profile) };
  const run = await recordContainer({ ...rest, ...enforce }, collector.add, io);
  if (!collector.filterLoaded && !run.partial) {
    throw new TracerError('the trace shows no seccomp filter being loaded in the container; nothing was verified', {
      hint: '--privileged in the run arguments turns the filter off; drop it to verify',
    });
  }
  return { ...run, denials: collector.denials() };
}
