import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { InputError } from '../../../src/errors.js';
import { parseProfile } from '../../../src/profile/read.js';
import { writeKubernetesProfile } from '../../../src/profile/write/kubernetes.js';
import { readFixture } from '../../helpers.js';
import { matchGolden } from '../golden.js';

const kubernetes = suite('SeccompProfile writer');
const learned = () => parseProfile(readFixture('profiles', 'learned.json'), 'learned.json').profile;

kubernetes('a cluster-scoped v1 profile matches the golden file', () => {
  const { text, warnings } = writeKubernetesProfile(learned(), { name: 'web-app' });
  matchGolden('learned.kubernetes.yaml', text);
  assert.equal(warnings, [], 'defaultErrnoRet 1 is EPERM, what the operator returns anyway');
});

kubernetes('a namespace gives the namespaced v1beta1 form', () => {
  const { text } = writeKubernetesProfile(learned(), { name: 'web-app', namespace: 'shop' });
  matchGolden('learned.kubernetes-namespaced.yaml', text);
  const resource = parse(text) as { apiVersion: string; metadata: { namespace: string } };
  assert.is(resource.apiVersion, 'security-profiles-operator.x-k8s.io/v1beta1');
  assert.is(resource.metadata.namespace, 'shop');
});

kubernetes('a default errno other than EPERM is reported as lost', () => {
  const { warnings } = writeKubernetesProfile({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38, syscalls: [] }, { name: 'x' });
  assert.equal(warnings, ['defaultErrnoRet 38 dropped: SeccompProfile has no such field, so the default action returns EPERM']);
});

kubernetes('a name kubectl would refuse is an input error', () => {
  assert.throws(() => writeKubernetesProfile(learned(), { name: 'My_App' }), (e: unknown) => e instanceof InputError && /--name "My_App" is not a Kubernetes object name/.test((e as Error).message));
  assert.throws(() => writeKubernetesProfile(learned(), { name: 'ok', namespace: 'a.b' }), (e: unknown) => e instanceof InputError);
});

kubernetes('names YAML 1.1 reads as booleans are quoted', () => {
  const { text } = writeKubernetesProfile({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] }, { name: 'on' });
  assert.match(text, /name: "on"/);
});

kubernetes.run();
