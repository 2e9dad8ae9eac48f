import { errnoNames, errnoNumber, MAX_ERRNO } from '../errno.js';
import { closestMatch } from '../closest.js';
import type { ActionWithErrno, Profile, SyscallRule } from '../model.js';
import { SYSTEMD_ARCH_NAMES, systemdArchToScmp } from '../systemd-arch.js';
import { describeValue, fail, warn, type ReadContext } from './fields.js';
import { syscallNameCheck } from './syscall-names.js';

// The systemd drop-in this tool writes: [Service] with SystemCallFilter=, SystemCallErrorNumber=,
// SystemCallArchitectures=, read with systemd's own rules (first assignment picks allow- or deny-list,
// later ones add or remove, an empty one resets).

const SYSCALL_KEYS = ['SystemCallFilter', 'SystemCallErrorNumber', 'SystemCallArchitectures'];

interface Assignment {
  key: string;
  value: string;
  line: number;
}

/** Joins backslash continuations and drops comments, keeping the line each assignment starts on. */
function assignments(context: ReadContext, text: string): Assignment[] {
  const lines = text.split(/\r?\n/);
  const out: Assignment[] = [];
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = (lines[i] ?? '').trim();
    // Joined once: growing the line piece by piece is quadratic over thousands of continuations.
    if (line.endsWith('\\') && i + 1 < lines.length) {
      const pieces: string[] = [];
      while (line.endsWith('\\') && i + 1 < lines.length) {
        pieces.push(line.slice(0, -1));
        line = (lines[++i] ?? '').trim();
      }
      pieces.push(line);
      line = pieces.join(' ');
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1];
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
    if (!match) fail(context, `line ${start}:`, `${describeValue(line)} is not a section header or Key=value line`);
    const key = match[1] ?? '';
    const at = `line ${start}: ${key}`;
    if (section === undefined) fail(context, at, 'comes before any section; expected it under [Service]');
    if (section !== 'Service') {
      if (SYSCALL_KEYS.includes(key)) fail(context, at, `is in [${section}]; expected it under [Service]`);
      continue;
    }
    if (!SYSCALL_KEYS.includes(key)) {
      warn(context, at, 'is not a seccomp setting; ignored');
      continue;
    }
    out.push({ key, value: (match[2] ?? '').trim(), line: start });
  }
  return out;
}

function readErrno(context: ReadContext, text: string, at: string): number {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    if (number > MAX_ERRNO) fail(context, at, `errno ${text} is out of range; expected 0 to ${MAX_ERRNO}`);
    return number;
  }
  const number = errnoNumber(text);
  if (number !== undefined) return number;
  const suggestion = closestMatch(text, errnoNames());
  fail(context, at, `${describeValue(text)} is not an errno name or number${suggestion ? `; did you mean ${suggestion}?` : ''}`);
}

interface FilterState {
  mode: 'allow' | 'deny' | undefined;
  allowed: Set<string>;
  denied: Map<string, number | undefined>;
  namesAt: Map<string, string>;
}

function applyFilter(context: ReadContext, state: FilterState, assignment: Assignment): void {
  const at = `line ${assignment.line}: SystemCallFilter`;
  if (assignment.value === '') {
    state.mode = undefined;
    state.allowed.clear();
    state.denied.clear();
    return;
  }
  const invert = assignment.value.startsWith('~');
  const words = (invert ? assignment.value.slice(1) : assignment.value).split(/\s+/).filter(Boolean);
  state.mode ??= invert ? 'deny' : 'allow';
  for (const word of words) {
    const [name = '', errnoText] = word.split(':', 2);
    if (name === '@default' && state.mode === 'allow' && !invert) continue;
    if (name.startsWith('@')) {
      fail(context, at, `${describeValue(name)} is a systemd syscall group; expected syscall names (a group's members depend on the systemd version, so it cannot be checked or converted)`);
    }
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) fail(context, at, `${describeValue(word)} is not a syscall name; expected name or name:ERRNO`);
    const errno = errnoText === undefined ? undefined : readErrno(context, errnoText, at);
    if (errno !== undefined && !invert) fail(context, at, `${describeValue(word)} gives an errno in an allow list; systemd accepts name:ERRNO only after ~`);
    state.namesAt.set(name, at);
    if (state.mode === 'allow') {
      if (invert) state.allowed.delete(name);
      else state.allowed.add(name);
    } else if (invert) {
      state.denied.set(name, errno);
    } else {
      state.denied.delete(name);
    }
  }
}

function readArchitectures(context: ReadContext, assignment: Assignment): string[] {
  const at = `line ${assignment.line}: SystemCallArchitectures`;
  return assignment.value.split(/\s+/).filter(Boolean).map((name) => {
    const scmp = systemdArchToScmp(name);
    if (scmp) return scmp;
    const suggestion = closestMatch(name, SYSTEMD_ARCH_NAMES);
    fail(context, at, `${describeValue(name)} is not a systemd architecture; expected one of ${SYSTEMD_ARCH_NAMES.join(', ')}${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  });
}

/** Reads a drop-in into the model: an allow list becomes ALLOW rules, a ~deny list ERRNO or KILL rules. */
export function readSystemdDropIn(context: ReadContext, text: string): Profile {
  const state: FilterState = { mode: undefined, allowed: new Set(), denied: new Map(), namesAt: new Map() };
  let architectures: string[] = [];
  let defaultErrno: number | 'kill' = 'kill';
  let sawFilter = false;
  for (const assignment of assignments(context, text)) {
    if (assignment.key === 'SystemCallFilter') {
      sawFilter = true;
      applyFilter(context, state, assignment);
    } else if (assignment.key === 'SystemCallArchitectures') {
      architectures = assignment.value === '' ? [] : [...architectures, ...readArchitectures(context, assignment)];
    } else {
      const at = `line ${assignment.line}: SystemCallErrorNumber`;
      defaultErrno = assignment.value === '' || assignment.value === 'kill' ? 'kill' : readErrno(context, assignment.value, at);
    }
  }
  if (!sawFilter || state.mode === undefined) fail(context, '', 'has no SystemCallFilter= list; expected a systemd drop-in with SystemCallFilter=');
  const checkName = syscallNameCheck(architectures);
  for (const [name, at] of state.namesAt) {
    if (state.allowed.has(name) || state.denied.has(name)) checkName(context, name, at);
  }
  const deny: ActionWithErrno = defaultErrno === 'kill' ? { action: 'SCMP_ACT_KILL_PROCESS' } : { action: 'SCMP_ACT_ERRNO', errnoRet: defaultErrno };
  let profile: Profile;
  if (state.mode === 'allow') {
    profile = { defaultAction: deny.action, syscalls: [{ names: [...state.allowed], action: 'SCMP_ACT_ALLOW' }] };
    if (deny.errnoRet !== undefined) profile.defaultErrnoRet = deny.errnoRet;
  } else {
    const rules = [...state.denied].map(([name, errno]): SyscallRule => ({ names: [name], ...(errno === undefined ? deny : { action: 'SCMP_ACT_ERRNO', errnoRet: errno }) }));
    profile = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: rules };
  }
  if (architectures.length) profile.architectures = architectures;
  return profile;
}
