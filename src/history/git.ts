import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ExitCode, InputError, LearnerError } from '../errors.js';

// Reads a file's past out of git: which commits touched it (following renames) and its text at each.

/** One commit that touched the profile, as `git log --follow --name-status` lists it. */
export interface Revision {
  commit: string;
  shortCommit: string;
  /** Author date, strict ISO 8601. */
  date: string;
  subject: string;
  /** Path from the top of the repository at this commit (the new name after a rename). */
  path: string;
  /** The commit deleted the file. */
  deleted: boolean;
}

export interface RevisionLog {
  /** Commits to show, oldest first. */
  revisions: Revision[];
  /** With `since`: the last commit before the range that touched the file, to diff the first shown one against. */
  baseline: Revision | undefined;
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const LOG_FORMAT = `${RECORD}%H${FIELD}%h${FIELD}%aI${FIELD}%s`;
const SHOW_CONCURRENCY = 8;
const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

/** Runs git in `dir`; a missing git or a directory outside any repository are clear errors. */
export async function git(dir: string, args: readonly string[]): Promise<string> {
  const result = await execa('git', args, { cwd: dir, reject: false, stdin: 'ignore', maxBuffer: MAX_PROFILE_BYTES * 2 });
  if (result.code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(result.message ?? ''))) {
    throw new LearnerError('git is not installed', { exitCode: ExitCode.tracer, hint: 'install it: apt-get install -y git' });
  }
  if (result.exitCode !== 0) {
    const said = `${result.stderr}`.trim().split('\n')[0] || (result.shortMessage ?? `exit ${result.exitCode}`);
    if (/not a git repository/i.test(said)) throw new InputError(`${dir} is not inside a git repository`, { cause: result });
    throw new LearnerError(`git ${args[0]} failed: ${said}`, { exitCode: ExitCode.tracer, cause: result });
  }
  return `${result.stdout}`;
}

/** `git log --follow --name-status` text → revisions, newest first as git prints them. Pure. */
export function parseLog(text: string): Revision[] {
  const revisions: Revision[] = [];
  for (const record of text.split(RECORD)) {
    if (!record.trim()) continue;
    const [header = '', ...rest] = record.split('\n');
    const [commit = '', shortCommit = '', date = '', ...subject] = header.split(FIELD);
    const status = rest.find((line) => /^[A-Z]\d*\t/.test(line));
    if (!commit || !status) continue; // merges and mode-only changes list no file
    const fields = status.split('\t');
    const letter = status[0];
    const filePath = letter === 'R' || letter === 'C' ? fields[2] : fields[1];
    if (!filePath) continue;
    revisions.push({ commit, shortCommit, date, subject: subject.join(FIELD), path: filePath, deleted: letter === 'D' });
  }
  return revisions;
}

async function resolveCommit(dir: string, rev: string): Promise<string> {
  // A revision that looks like an option would be read as one by git.
  if (rev.startsWith('-') || rev.length === 0) throw new InputError(`--since "${rev}" is not a revision`);
  try {
    return (await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch (error) {
    if (error instanceof LearnerError && error.exitCode === ExitCode.tracer && !/not installed/.test(error.message)) {
      throw new InputError(`--since "${rev}" is not a commit in this repository`, { cause: error, hint: 'give a commit, tag or branch, e.g. --since v1.2.0 or --since HEAD~10' });
    }
    throw error;
  }
}

/**
 * The commits that touched `file` (following renames), oldest first; with `since`, only those after
 * it, plus the last one at or before it as the baseline.
 */
export async function profileRevisions(file: string, since?: string): Promise<RevisionLog> {
  const dir = path.dirname(file);
  // git would run nowhere, and a missing cwd reads like a missing git.
  if (!existsSync(dir)) throw new InputError(`${file}: no such directory ${dir}`);
  const log = parseLog(await git(dir, ['log', '--follow', `--format=${LOG_FORMAT}`, '--name-status', '--', path.basename(file)]));
  if (log.length === 0) throw new InputError(`${file} has no history in git`, { hint: 'commit the profile first; history reads committed versions only' });
  if (since === undefined) return { revisions: log.reverse(), baseline: undefined };
  const start = await resolveCommit(dir, since);
  const inRange = new Set((await git(dir, ['rev-list', `${start}..HEAD`])).split('\n').filter(Boolean));
  const shown = log.filter((r) => inRange.has(r.commit));
  const baseline = log.find((r) => !inRange.has(r.commit));
  return { revisions: shown.reverse(), baseline };
}

/** The file's text at one revision (`git show rev:path`); undefined where the commit deleted it. */
export async function showRevision(dir: string, revision: Revision): Promise<string | undefined> {
  if (revision.deleted) return undefined;
  return git(dir, ['show', `${revision.commit}:${revision.path}`]);
}

/** Texts for many revisions, a few `git show`s at a time; a failure is kept per revision, not thrown. */
export async function showRevisions(dir: string, revisions: readonly Revision[]): Promise<Array<{ text?: string; error?: string }>> {
  const out: Array<{ text?: string; error?: string }> = new Array(revisions.length);
  let next = 0;
  const worker = async () => {
    while (next < revisions.length) {
      const index = next++;
      const revision = revisions[index]!;
      try {
        const text = await showRevision(dir, revision);
        out[index] = text === undefined ? {} : { text };
      } catch (error) {
        if (error instanceof LearnerError && /not installed/.test(error.message)) throw error;
        out[index] = { error: (error as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SHOW_CONCURRENCY, revisions.length) }, worker));
  return out;
}
