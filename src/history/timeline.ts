import { diffProfiles, type ProfileDiff, type SyscallChange } from '../profile/diff.js';
import { describeTreatment } from '../profile/diff/describe.js';
import { formatAction, type Profile } from '../profile/model.js';
import { parseProfile } from '../profile/read.js';
import type { Revision } from './git.js';

// A profile's story: each commit's version compared with the last readable one before it. Pure.

/** A revision with its text (absent when the commit deleted the file or git could not show it). */
export interface RevisionText extends Revision {
  text?: string;
  /** Why git could not show the text. */
  error?: string;
}

/** Names that share one treatment, e.g. `SCMP_ACT_ALLOW: chdir, umask`. */
export interface NameGroup {
  treatment: string;
  names: string[];
}

export interface HistoryEntry {
  commit: string;
  shortCommit: string;
  date: string;
  subject: string;
  path: string;
  /**
   * `created`: first readable version (or first after a deletion); `changed` / `unchanged`: by
   * meaning, not by text; `deleted`: the commit removed the file; `unreadable`: it does not parse.
   */
  kind: 'created' | 'changed' | 'unchanged' | 'deleted' | 'unreadable';
  added: NameGroup[];
  removed: NameGroup[];
  changed: Array<{ name: string; old: string; new: string }>;
  /** Added or widened syscalls that deserve a second look, with why. */
  sensitive: Array<{ name: string; reason: string }>;
  /** Default action, architecture and flag changes, as short sentences. */
  other: string[];
  /** Short hash of the version this one was compared with, when that is not the previous commit. */
  comparedWith?: string;
  error?: string;
}

interface Readable {
  revision: Revision;
  profile: Profile;
}

function emptyLike(profile: Profile): Profile {
  const empty: Profile = { defaultAction: profile.defaultAction, syscalls: [] };
  if (profile.defaultErrnoRet !== undefined) empty.defaultErrnoRet = profile.defaultErrnoRet;
  if (profile.architectures) empty.architectures = profile.architectures;
  if (profile.archMap) empty.archMap = profile.archMap;
  return empty;
}

function groups(changes: readonly SyscallChange[], side: 'old' | 'new'): NameGroup[] {
  const byTreatment = new Map<string, string[]>();
  for (const change of changes) {
    const treatment = describeTreatment(change[side]);
    byTreatment.set(treatment, [...(byTreatment.get(treatment) ?? []), change.name]);
  }
  return [...byTreatment].map(([treatment, names]) => ({ treatment, names })).sort((a, b) => (a.treatment < b.treatment ? -1 : a.treatment > b.treatment ? 1 : 0));
}

function otherChanges(diff: ProfileDiff): string[] {
  const out: string[] = [];
  if (diff.defaultAction) out.push(`default action ${formatAction(diff.defaultAction.old)} -> ${formatAction(diff.defaultAction.new)}`);
  for (const [label, change] of [['architectures', diff.architectures], ['flags', diff.flags]] as const) {
    if (change.added.length) out.push(`${label} added: ${change.added.join(', ')}`);
    if (change.removed.length) out.push(`${label} removed: ${change.removed.join(', ')}`);
  }
  return out;
}

function entryFromDiff(revision: Revision, diff: ProfileDiff, kind: 'created' | 'changed'): HistoryEntry {
  const of = (k: SyscallChange['kind']) => diff.syscalls.filter((s) => s.kind === k);
  return {
    ...base(revision),
    kind: kind === 'changed' && !diff.summary.hasChanges ? 'unchanged' : kind,
    added: groups(of('added'), 'new'),
    removed: groups(of('removed'), 'old'),
    changed: of('changed').map((s) => ({ name: s.name, old: describeTreatment(s.old), new: describeTreatment(s.new) })),
    sensitive: diff.syscalls.filter((s) => s.sensitive).map((s) => ({ name: s.name, reason: s.sensitive! })),
    other: kind === 'created' ? [] : otherChanges(diff),
  };
}

function base(revision: Revision): Pick<HistoryEntry, 'commit' | 'shortCommit' | 'date' | 'subject' | 'path'> {
  return { commit: revision.commit, shortCommit: revision.shortCommit, date: revision.date, subject: revision.subject, path: revision.path };
}

function blank(revision: Revision, kind: HistoryEntry['kind'], error?: string): HistoryEntry {
  const entry: HistoryEntry = { ...base(revision), kind, added: [], removed: [], changed: [], sensitive: [], other: [] };
  if (error !== undefined) entry.error = error;
  return entry;
}

function parse(revision: RevisionText): { profile?: Profile; error?: string } {
  if (revision.error !== undefined) return { error: revision.error };
  try {
    return { profile: parseProfile(revision.text ?? '', `${revision.shortCommit}:${revision.path}`).profile };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * One entry per revision, oldest first. A version that does not parse is reported and skipped:
 * the next readable one is compared with the last readable one before it.
 */
export function buildTimeline(revisions: readonly RevisionText[], baseline?: RevisionText): HistoryEntry[] {
  let previous: Readable | undefined;
  if (baseline && !baseline.deleted) {
    const parsed = parse(baseline);
    if (parsed.profile) previous = { revision: baseline, profile: parsed.profile };
  }
  let last: Revision | undefined = baseline;
  const entries: HistoryEntry[] = [];
  for (const revision of revisions) {
    if (revision.deleted) {
      entries.push(blank(revision, 'deleted'));
      previous = undefined;
      last = revision;
      continue;
    }
    const parsed = parse(revision);
    if (!parsed.profile) {
      entries.push(blank(revision, 'unreadable', parsed.error));
      last = revision;
      continue;
    }
    const entry = previous
      ? entryFromDiff(revision, diffProfiles(previous.profile, parsed.profile, { old: previous.revision.shortCommit, new: revision.shortCommit }), 'changed')
      : entryFromDiff(revision, diffProfiles(emptyLike(parsed.profile), parsed.profile), 'created');
    if (previous && last && previous.revision.commit !== last.commit) entry.comparedWith = previous.revision.shortCommit;
    entries.push(entry);
    previous = { revision, profile: parsed.profile };
    last = revision;
  }
  return entries;
}
