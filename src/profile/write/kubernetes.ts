import { yaml } from '../../io/lazy-yaml.js';
import { InputError } from '../../errors.js';
import { toPortableProfile } from '../portable.js';
import type { Profile } from '../model.js';
import type { WrittenProfile } from './oci.js';

// security-profiles-operator SeccompProfile. v1 is cluster-scoped; a namespace asks for the namespaced v1beta1 form.

const GROUP = 'security-profiles-operator.x-k8s.io';
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface KubernetesOptions {
  name: string;
  namespace?: string | undefined;
}

/** A valid metadata.name (DNS-1123 subdomain). */
export function isKubernetesName(name: string): boolean {
  return DNS_SUBDOMAIN.test(name) && name.length <= 253;
}

/** A valid namespace (DNS-1123 label). */
export function isKubernetesNamespace(namespace: string): boolean {
  return DNS_LABEL.test(namespace) && namespace.length <= 63;
}

function checkNames(options: KubernetesOptions): void {
  if (!isKubernetesName(options.name)) {
    throw new InputError(`--name ${JSON.stringify(options.name)} is not a Kubernetes object name; expected lower-case letters, digits, '-' and '.', starting and ending alphanumeric`, {
      hint: 'pass --name my-app',
    });
  }
  if (options.namespace !== undefined && !isKubernetesNamespace(options.namespace)) {
    throw new InputError(`--namespace ${JSON.stringify(options.namespace)} is not a Kubernetes namespace; expected at most 63 lower-case letters, digits and '-'`);
  }
}

/** SeccompProfile YAML; the spec holds the OCI subset minus defaultErrnoRet, which the CRD lacks. */
export function writeKubernetesProfile(profile: Profile, options: KubernetesOptions): WrittenProfile {
  checkNames(options);
  const { profile: portable, warnings } = toPortableProfile(profile);
  const { defaultErrnoRet, ...spec } = portable;
  if (defaultErrnoRet !== undefined && defaultErrnoRet !== 1) {
    warnings.push(`defaultErrnoRet ${defaultErrnoRet} dropped: SeccompProfile has no such field, so the default action returns EPERM`);
  }
  if (spec.syscalls.some((rule) => rule.errnoRet === 0)) {
    warnings.push('errnoRet 0 is written but the operator treats 0 as unset, so those rules return EPERM');
  }
  const metadata = options.namespace === undefined ? { name: options.name } : { name: options.name, namespace: options.namespace };
  const resource = {
    apiVersion: `${GROUP}/${options.namespace === undefined ? 'v1' : 'v1beta1'}`,
    kind: 'SeccompProfile',
    metadata,
    spec,
  };
  // YAML 1.1 quoting: kubectl's parser reads a bare `on` or `no` as a boolean.
  const text = new (yaml().Document)(resource, { version: '1.1' }).toString({ lineWidth: 0, indentSeq: false });
  return { text, warnings };
}
