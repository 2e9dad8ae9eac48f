import type { Profile } from '../model.js';
import { childPath, describeValue, fail, field, readBoolean, readObject, readString, warn, warnUnknownKeys, type ReadContext } from './fields.js';
import { readSeccompObject } from './seccomp-object.js';
import { isKubernetesName, isKubernetesNamespace } from '../write/kubernetes.js';

// The security-profiles-operator SeccompProfile resource (v1, and v1beta1 which clusters still serve).

export const SPO_GROUP = 'security-profiles-operator.x-k8s.io';
const API_VERSIONS = [`${SPO_GROUP}/v1`, `${SPO_GROUP}/v1beta1`];
const SPEC_EXTRAS = ['baseProfileName', 'disabled'];

export interface ResourceMetadata {
  name?: string;
  namespace?: string;
}

export interface SeccompProfileResource {
  profile: Profile;
  metadata: ResourceMetadata;
}

const VALID_METADATA = { name: isKubernetesName, namespace: isKubernetesNamespace } as const;

// A name Kubernetes would refuse is not carried into a conversion: it is dropped with a warning.
function readMetadata(context: ReadContext, value: unknown): ResourceMetadata {
  if (value === undefined || value === null) return {};
  const fields = readObject(context, value, 'metadata');
  const metadata: ResourceMetadata = {};
  for (const key of ['name', 'namespace'] as const) {
    const text = field(fields, key);
    if (text === undefined || text === null) continue;
    const path = childPath('metadata', key);
    const read = readString(context, text, path);
    if (VALID_METADATA[key](read)) metadata[key] = read;
    else warn(context, path, `${describeValue(read)} is not a Kubernetes ${key === 'name' ? 'object name' : 'namespace'}; ignored`);
  }
  return metadata;
}

/** Reads a SeccompProfile object (parsed from YAML or JSON) into the model. */
export function readSeccompProfileResource(context: ReadContext, value: unknown): SeccompProfileResource {
  const resource = readObject(context, value, '', 'a SeccompProfile object');
  warnUnknownKeys(context, resource, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'], 'SeccompProfile');
  const apiVersion = field(resource, 'apiVersion');
  if (typeof apiVersion !== 'string') fail(context, 'apiVersion', `must be ${API_VERSIONS.join(' or ')}, got ${describeValue(apiVersion)}`);
  if (!API_VERSIONS.includes(apiVersion)) {
    fail(context, 'apiVersion', `${describeValue(apiVersion)} is not a SeccompProfile version; expected ${API_VERSIONS.join(' or ')}`);
  }
  const kind = field(resource, 'kind');
  if (typeof kind !== 'string') fail(context, 'kind', `must be SeccompProfile, got ${describeValue(kind)}`);
  if (kind !== 'SeccompProfile') fail(context, 'kind', `${describeValue(kind)} is not supported; expected SeccompProfile`);
  const spec = readObject(context, field(resource, 'spec'), 'spec', 'the profile (an object with defaultAction, syscalls, …)');
  const core: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!SPEC_EXTRAS.includes(key)) core[key] = spec[key];
  }
  const profile = readSeccompObject(context, core, 'spec', 'kubernetes');
  const base = field(spec, 'baseProfileName');
  if (base !== undefined && base !== null && base !== '') {
    const name = readString(context, base, 'spec.baseProfileName');
    warn(context, 'spec.baseProfileName', `"${name}" is not included: the operator unions that profile in when it installs this one, so only this profile's own syscalls were read`);
  }
  const disabled = field(spec, 'disabled');
  if (disabled !== undefined && disabled !== null && readBoolean(context, disabled, 'spec.disabled')) {
    warn(context, 'spec.disabled', 'is true: the operator does not install this profile');
  }
  return { profile, metadata: readMetadata(context, field(resource, 'metadata')) };
}
