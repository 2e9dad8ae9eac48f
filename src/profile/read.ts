import { yaml } from '../io/lazy-yaml.js';
import { InputError } from '../errors.js';
import { normalizeProfile, type Profile } from './model.js';
import { describeValue, fail, field, readObject, type ReadContext } from './read/fields.js';
import { readSeccompProfileResource, type ResourceMetadata } from './read/kubernetes.js';
import { readSeccompObject, usesDockerOnlyFields } from './read/seccomp-object.js';
import { readSystemdDropIn } from './read/systemd.js';

/**
 * What a profile file turned out to be. A bare JSON object is `docker` when it uses a field only
 * Docker/Podman read (name, archMap, includes, excludes, comment, defaultErrno) and `oci` otherwise:
 * the narrowest format that holds it (both writers give the same bytes for such a profile).
 */
export type DetectedFormat = 'docker' | 'oci' | 'oci-config' | 'kubernetes' | 'systemd';

export interface ParsedProfile {
  profile: Profile;
  format: DetectedFormat;
  warnings: string[];
  /** name/namespace of a SeccompProfile resource, so a conversion can keep them. */
  metadata?: ResourceMetadata;
}

// Profiles never need YAML aliases; a few are allowed, a billion-laughs expansion is an error.
const MAX_YAML_ALIASES = 16;

const EXPECTED = 'expected a seccomp profile: Docker/Podman or OCI JSON, a SeccompProfile YAML, or a systemd drop-in';

function parseJson(context: ReadContext, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(context, '', `is not valid JSON (${(error as Error).message})`);
  }
}

function parseYaml(context: ReadContext, text: string): unknown {
  const document = yaml().parseDocument(text, { uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    const summary = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    fail(context, at ? `line ${at.line}:` : '', `is not valid YAML (${summary})`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    fail(context, '', `uses more YAML aliases than a profile needs (${(error as Error).message}); ${EXPECTED}`);
  }
}

// [ \t] rather than \s: a \s* that can cross lines makes these multiline searches quadratic on blank lines.
function looksLikeSystemd(text: string): boolean {
  return /^[ \t]*\[[A-Za-z]+\][ \t]*\r?$/m.test(text) || /^[ \t]*SystemCall[A-Za-z]*[ \t]*=/m.test(text);
}

function isKubernetesObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (Object.hasOwn(value, 'apiVersion') || Object.hasOwn(value, 'kind'));
}

function fromJsonValue(context: ReadContext, value: unknown): ParsedProfile {
  if (isKubernetesObject(value)) {
    const { profile, metadata } = readSeccompProfileResource(context, value);
    return { profile, format: 'kubernetes', warnings: context.warnings, metadata };
  }
  const fields = readObject(context, value, '', `a JSON object; ${EXPECTED}`);
  if (field(fields, 'ociVersion') !== undefined || field(fields, 'linux') !== undefined) {
    const linux = readObject(context, field(fields, 'linux'), 'linux', 'an object (this looks like an OCI config.json)');
    if (field(linux, 'seccomp') === undefined) fail(context, 'linux.seccomp', 'is missing: this config.json has no seccomp profile');
    return { profile: readSeccompObject(context, field(linux, 'seccomp'), 'linux.seccomp', 'oci'), format: 'oci-config', warnings: context.warnings };
  }
  const format = usesDockerOnlyFields(fields) ? 'docker' : 'oci';
  return { profile: readSeccompObject(context, fields, '', 'docker'), format, warnings: context.warnings };
}

/**
 * Detects the format of a profile's text, validates every field and returns the normalized model.
 * Every problem is an InputError naming `source`, the field and what was expected.
 */
export function parseProfile(text: string, source: string): ParsedProfile {
  const context: ReadContext = { source, warnings: [] };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError(`${source}: is empty; ${EXPECTED}`);
  let parsed: ParsedProfile;
  if (looksLikeSystemd(body)) {
    parsed = { profile: readSystemdDropIn(context, body), format: 'systemd', warnings: context.warnings };
  } else if (/^\s*[{[]/.test(body)) {
    parsed = fromJsonValue(context, parseJson(context, body));
  } else {
    const value = parseYaml(context, body);
    if (!isKubernetesObject(value)) fail(context, '', `is ${describeValue(value)} in YAML, not a SeccompProfile (no apiVersion/kind); ${EXPECTED}`);
    const { profile, metadata } = readSeccompProfileResource(context, value);
    parsed = { profile, format: 'kubernetes', warnings: context.warnings, metadata };
  }
  return { ...parsed, profile: normalizeProfile(parsed.profile) };
}
