import { errnoNames, errnoNumber, MAX_ERRNO } from '../errno.js';
import { closestMatch } from '../closest.js';
import {
  ARG_OPERATORS,
  ERRNO_ACTIONS,
  SCMP_ARCHES,
  SECCOMP_ACTIONS,
  SECCOMP_FLAGS,
  type ArchMapEntry,
  type ArgCondition,
  type Profile,
  type RuleFilter,
  type SeccompAction,
  type SyscallRule,
} from '../model.js';
import {
  childPath,
  describeValue,
  fail,
  field,
  readChoice,
  readInteger,
  readList,
  readObject,
  readString,
  readStringList,
  warn,
  warnUnknownKeys,
  type Fields,
  type ReadContext,
} from './fields.js';
import { fromShortArch, toScmpArch } from '../../syscalls/arch.js';
import { keepFirstRules } from './duplicate-names.js';
import { checkShortArch, syscallNameCheck, type NameCheck } from './syscall-names.js';

// The seccomp object shared by Docker/Podman JSON, OCI linux.seccomp and the SeccompProfile spec.

/** Which flavour of the object is being read: decides which fields exist. */
export type Dialect = 'docker' | 'oci' | 'kubernetes';

const COMMON_TOP = ['defaultAction', 'defaultErrnoRet', 'architectures', 'flags', 'listenerPath', 'listenerMetadata', 'syscalls'];
const TOP_FIELDS: Record<Dialect, readonly string[]> = {
  docker: [...COMMON_TOP, 'defaultErrno', 'archMap'],
  oci: COMMON_TOP,
  kubernetes: COMMON_TOP.filter((f) => f !== 'defaultErrnoRet'),
};
const COMMON_RULE = ['names', 'action', 'errnoRet', 'args'];
const RULE_FIELDS: Record<Dialect, readonly string[]> = {
  docker: [...COMMON_RULE, 'name', 'errno', 'comment', 'includes', 'excludes'],
  oci: COMMON_RULE,
  kubernetes: COMMON_RULE,
};
const ARG_FIELDS = ['index', 'value', 'valueTwo', 'op'];
const FILTER_FIELDS = ['caps', 'arches', 'minKernel'];
const KIND: Record<Dialect, string> = { docker: 'Docker profile', oci: 'OCI seccomp', kubernetes: 'SeccompProfile spec' };

/** Fields only Docker/Podman understand: their presence makes a bare JSON profile a Docker one. */
export const DOCKER_ONLY_TOP_FIELDS = ['defaultErrno', 'archMap'];
export const DOCKER_ONLY_RULE_FIELDS = ['name', 'errno', 'comment', 'includes', 'excludes'];

const SYSCALL_NAME = /^[a-z_][a-z0-9_]*$/;
const CAPABILITY = /^CAP_[A-Z_]+$/;
const KERNEL_VERSION = /^\d+\.\d+(\.\d+)?$/;
const MAX_ARG_VALUE = Number.MAX_SAFE_INTEGER;

function readAction(context: ReadContext, value: unknown, path: string): SeccompAction {
  return readChoice(context, value, path, SECCOMP_ACTIONS, 'a seccomp action');
}

// SPO's v1beta1 once typed errnoRet as a string; Podman's defaultErrno is a name. Both become numbers.
function readErrno(context: ReadContext, value: unknown, path: string, acceptText: boolean): number {
  if (acceptText && typeof value === 'string') {
    if (/^\d+$/.test(value)) return readInteger(context, Number(value), path, 0, MAX_ERRNO);
    const number = errnoNumber(value);
    if (number !== undefined) return number;
    const suggestion = closestMatch(value, errnoNames());
    fail(context, path, `${describeValue(value)} is not an errno name or number${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  }
  return readInteger(context, value, path, 0, MAX_ERRNO);
}

/** errnoRet is meaningless on other actions: runtimes ignore it, so it is dropped with a warning. */
function errnoFor(context: ReadContext, action: SeccompAction, errno: number | undefined, path: string): number | undefined {
  if (errno === undefined) return undefined;
  if (ERRNO_ACTIONS.includes(action)) return errno;
  warn(context, path, `is ignored: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not ${action}`);
  return undefined;
}

// `SCMP_ARCH_AMD64` is one edit from nothing useful and many from SCMP_ARCH_X86_64: suggest by meaning.
function archAlias(value: string): (typeof SCMP_ARCHES)[number] | undefined {
  const arch = fromShortArch(value.replace(/^SCMP_ARCH_/i, '').toLowerCase());
  return arch === undefined ? undefined : (toScmpArch(arch) as (typeof SCMP_ARCHES)[number]);
}

function readArch(context: ReadContext, value: unknown, path: string): string {
  return readChoice(context, value, path, SCMP_ARCHES, 'a seccomp architecture', archAlias);
}

function readArches(context: ReadContext, value: unknown, path: string): string[] {
  const list = readList(context, value, path, 'a list of SCMP_ARCH_* names');
  return list.map((item, i) => readArch(context, item, childPath(path, i)));
}

function readArchMap(context: ReadContext, value: unknown, path: string): ArchMapEntry[] {
  const list = readList(context, value, path, 'a list of {architecture, subArchitectures}');
  return list.map((item, i) => {
    const entryPath = childPath(path, i);
    const entry = readObject(context, item, entryPath);
    warnUnknownKeys(context, entry, entryPath, ['architecture', 'subArchitectures'], 'archMap entry');
    const architecture = readArch(context, field(entry, 'architecture'), childPath(entryPath, 'architecture'));
    const sub = field(entry, 'subArchitectures');
    // Docker's own default profile writes `"subArchitectures": null`.
    const subArchitectures = sub === undefined || sub === null ? [] : readArches(context, sub, childPath(entryPath, 'subArchitectures'));
    return { architecture, subArchitectures };
  });
}

function readArg(context: ReadContext, value: unknown, path: string): ArgCondition {
  const fields = readObject(context, value, path, 'an object {index, value, valueTwo, op}');
  warnUnknownKeys(context, fields, path, ARG_FIELDS, 'argument condition');
  if (field(fields, 'index') === undefined) fail(context, childPath(path, 'index'), 'is missing; expected the argument position, 0 to 5');
  if (field(fields, 'op') === undefined) fail(context, childPath(path, 'op'), `is missing; expected one of ${ARG_OPERATORS.join(', ')}`);
  const arg: ArgCondition = {
    index: readInteger(context, field(fields, 'index'), childPath(path, 'index'), 0, 5),
    value: field(fields, 'value') === undefined ? 0 : readInteger(context, field(fields, 'value'), childPath(path, 'value'), 0, MAX_ARG_VALUE),
    op: readChoice(context, field(fields, 'op'), childPath(path, 'op'), ARG_OPERATORS, 'a comparison operator'),
  };
  const valueTwo = field(fields, 'valueTwo');
  if (valueTwo !== undefined) arg.valueTwo = readInteger(context, valueTwo, childPath(path, 'valueTwo'), 0, MAX_ARG_VALUE);
  if (arg.valueTwo && arg.op !== 'SCMP_CMP_MASKED_EQ') {
    warn(context, childPath(path, 'valueTwo'), `is ignored: only SCMP_CMP_MASKED_EQ uses it, not ${arg.op}`);
  }
  return arg;
}

function readFilter(context: ReadContext, value: unknown, path: string): RuleFilter {
  const fields = readObject(context, value, path, 'an object {caps, arches, minKernel}');
  warnUnknownKeys(context, fields, path, FILTER_FIELDS, 'includes/excludes');
  const filter: RuleFilter = {};
  const caps = field(fields, 'caps');
  if (caps !== undefined && caps !== null) {
    filter.caps = readStringList(context, caps, childPath(path, 'caps'), 'a list of capability names');
    filter.caps.forEach((cap, i) => {
      if (!CAPABILITY.test(cap)) fail(context, childPath(childPath(path, 'caps'), i), `${describeValue(cap)} is not a capability name; expected CAP_… such as CAP_SYS_ADMIN`);
    });
  }
  const arches = field(fields, 'arches');
  if (arches !== undefined && arches !== null) {
    const archesPath = childPath(path, 'arches');
    filter.arches = readStringList(context, arches, archesPath, 'a list of architecture names (amd64, arm64, …)');
    filter.arches.forEach((arch, i) => checkShortArch(context, arch, childPath(archesPath, i)));
  }
  const minKernel = field(fields, 'minKernel');
  if (minKernel !== undefined && minKernel !== null && minKernel !== '') {
    filter.minKernel = readString(context, minKernel, childPath(path, 'minKernel'), 'a kernel version such as "4.8"');
    if (!KERNEL_VERSION.test(filter.minKernel)) fail(context, childPath(path, 'minKernel'), `${describeValue(minKernel)} is not a kernel version; expected major.minor such as "4.8"`);
  }
  return filter;
}

function readNames(context: ReadContext, fields: Fields, path: string, dialect: Dialect, checkName: NameCheck): string[] {
  const names = field(fields, 'names');
  const single = dialect === 'docker' ? field(fields, 'name') : undefined;
  if (names !== undefined && names !== null && single !== undefined && single !== '') {
    fail(context, path, 'has both "name" and "names"; use "names" only (Docker refuses both)');
  }
  let list: string[];
  let listPath = childPath(path, 'names');
  if (single !== undefined && single !== '') {
    listPath = childPath(path, 'name');
    list = [readString(context, single, listPath, 'a syscall name')];
  } else if (names === undefined || names === null) {
    fail(context, listPath, 'is missing; expected a list of syscall names');
  } else {
    list = readStringList(context, names, listPath, 'a list of syscall names');
  }
  if (list.length === 0) fail(context, listPath, 'is empty; expected at least one syscall name');
  list.forEach((name, i) => {
    const at = listPath.endsWith('.name') ? listPath : childPath(listPath, i);
    if (!SYSCALL_NAME.test(name)) fail(context, at, `${describeValue(name)} is not a syscall name; expected lower-case letters, digits and _`);
    checkName(context, name, at);
  });
  return list;
}

function readRule(context: ReadContext, value: unknown, path: string, dialect: Dialect, checkName: NameCheck): SyscallRule {
  const fields = readObject(context, value, path, 'an object {names, action, …}');
  warnUnknownKeys(context, fields, path, RULE_FIELDS[dialect], `${KIND[dialect]} syscall rule`);
  const names = readNames(context, fields, path, dialect, checkName);
  if (field(fields, 'action') === undefined) fail(context, childPath(path, 'action'), `is missing; expected one of ${SECCOMP_ACTIONS.join(', ')}`);
  const action = readAction(context, field(fields, 'action'), childPath(path, 'action'));
  const rule: SyscallRule = { names, action };
  const errno = errnoFor(context, action, readRuleErrno(context, fields, path, dialect), childPath(path, 'errnoRet'));
  if (errno !== undefined) rule.errnoRet = errno;
  const args = field(fields, 'args');
  if (args !== undefined && args !== null) {
    const argsPath = childPath(path, 'args');
    rule.args = readList(context, args, argsPath, 'a list of argument conditions').map((arg, i) => readArg(context, arg, childPath(argsPath, i)));
  }
  if (dialect !== 'docker') return rule;
  const comment = field(fields, 'comment');
  if (comment !== undefined && comment !== null) rule.comment = readString(context, comment, childPath(path, 'comment'));
  for (const key of ['includes', 'excludes'] as const) {
    const filter = field(fields, key);
    if (filter !== undefined && filter !== null) rule[key] = readFilter(context, filter, childPath(path, key));
  }
  return rule;
}

// Podman writes the errno twice, as a number (errnoRet) and as a name (errno); they must agree.
function readNumberOrName(context: ReadContext, fields: Fields, path: string, numberKey: string, nameKey: string | undefined, textNumbers: boolean): number | undefined {
  const numeric = field(fields, numberKey);
  const named = nameKey === undefined ? undefined : field(fields, nameKey);
  const fromNumber = numeric === undefined || numeric === null ? undefined : readErrno(context, numeric, childPath(path, numberKey), textNumbers);
  const fromName = named === undefined || named === null || named === '' || nameKey === undefined ? undefined : readErrno(context, named, childPath(path, nameKey), true);
  if (fromNumber !== undefined && fromName !== undefined && fromNumber !== fromName) {
    fail(context, childPath(path, nameKey ?? numberKey), `${describeValue(named)} disagrees with ${numberKey} ${fromNumber}; keep one of them`);
  }
  return fromNumber ?? fromName;
}

function readDefaultErrno(context: ReadContext, fields: Fields, path: string, dialect: Dialect): number | undefined {
  return readNumberOrName(context, fields, path, 'defaultErrnoRet', dialect === 'docker' ? 'defaultErrno' : undefined, false);
}

function readRuleErrno(context: ReadContext, fields: Fields, path: string, dialect: Dialect): number | undefined {
  return readNumberOrName(context, fields, path, 'errnoRet', dialect === 'docker' ? 'errno' : undefined, dialect === 'kubernetes');
}

/** Validates one seccomp object and returns it as the model (not yet normalized). */
export function readSeccompObject(context: ReadContext, value: unknown, path: string, dialect: Dialect): Profile {
  const fields = readObject(context, value, path, 'a seccomp profile object');
  warnUnknownKeys(context, fields, path, TOP_FIELDS[dialect], KIND[dialect]);
  if (field(fields, 'defaultAction') === undefined) {
    fail(context, childPath(path, 'defaultAction'), `is missing; expected one of ${SECCOMP_ACTIONS.join(', ')}`);
  }
  const defaultAction = readAction(context, field(fields, 'defaultAction'), childPath(path, 'defaultAction'));
  if (defaultAction === 'SCMP_ACT_NOTIFY') {
    fail(context, childPath(path, 'defaultAction'), 'SCMP_ACT_NOTIFY cannot be the default action (runc and crun refuse it); expected another seccomp action');
  }
  const profile: Profile = { defaultAction, syscalls: [] };
  const errno = errnoFor(context, defaultAction, readDefaultErrno(context, fields, path, dialect), childPath(path, 'defaultErrnoRet'));
  if (errno !== undefined) profile.defaultErrnoRet = errno;

  const architectures = field(fields, 'architectures');
  if (architectures !== undefined && architectures !== null) profile.architectures = readArches(context, architectures, childPath(path, 'architectures'));
  const archMap = dialect === 'docker' ? field(fields, 'archMap') : undefined;
  if (archMap !== undefined && archMap !== null) {
    profile.archMap = readArchMap(context, archMap, childPath(path, 'archMap'));
    if (profile.architectures?.length && profile.archMap.length) {
      fail(context, childPath(path, 'archMap'), 'is given together with architectures; use one of them (Docker refuses both)');
    }
  }
  const flags = field(fields, 'flags');
  if (flags !== undefined && flags !== null) {
    const flagsPath = childPath(path, 'flags');
    profile.flags = readList(context, flags, flagsPath, 'a list of SECCOMP_FILTER_FLAG_* names').map((flag, i) =>
      readChoice(context, flag, childPath(flagsPath, i), SECCOMP_FLAGS, 'a seccomp filter flag'),
    );
  }
  for (const key of ['listenerPath', 'listenerMetadata'] as const) {
    const text = field(fields, key);
    if (text !== undefined && text !== null && text !== '') profile[key] = readString(context, text, childPath(path, key));
  }
  const syscalls = field(fields, 'syscalls');
  if (syscalls !== undefined && syscalls !== null) {
    const rulesPath = childPath(path, 'syscalls');
    const listedArches = [...(profile.architectures ?? []), ...(profile.archMap ?? []).flatMap((m) => [m.architecture, ...m.subArchitectures])];
    const checkName = syscallNameCheck(listedArches);
    const rules = readList(context, syscalls, rulesPath, 'a list of syscall rules').map((rule, i) =>
      readRule(context, rule, childPath(rulesPath, i), dialect, checkName),
    );
    profile.syscalls = keepFirstRules(context, rules, { action: defaultAction, errnoRet: profile.defaultErrnoRet }, rulesPath);
  }
  return profile;
}

/** True when a bare JSON profile uses something only Docker/Podman read. */
export function usesDockerOnlyFields(value: Fields): boolean {
  if (DOCKER_ONLY_TOP_FIELDS.some((key) => field(value, key) !== undefined)) return true;
  const rules = field(value, 'syscalls');
  if (!Array.isArray(rules)) return false;
  return rules.some(
    (rule) => typeof rule === 'object' && rule !== null && DOCKER_ONLY_RULE_FIELDS.some((key) => field(rule as Fields, key) !== undefined),
  );
}
