import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { tempDir } from '../cli.js';

// A real git repository built on the spot: a profile's life over a few commits, with fixed dates.

export interface ProfileCommit {
  subject: string;
  /** File contents to write (path → text); `null` removes the file. */
  files?: Record<string, string | null>;
  /** `git mv` from → to, before writing files. */
  move?: [string, string];
}

const identity = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

export const allowJson = (names: string[], extra: object[] = []) =>
  JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls: [{ names, action: 'SCMP_ACT_ALLOW' }, ...extra] }, null, 2) + '\n';

export async function gitRepo(commits: readonly ProfileCommit[]): Promise<{ dir: string; hashes: string[] }> {
  const dir = tempDir('sl-history-');
  const git = (args: string[], env: Record<string, string> = {}) => execa('git', args, { cwd: dir, env: { ...identity, ...env } });
  await git(['init', '-q', '-b', 'main']);
  const hashes: string[] = [];
  for (const [i, commit] of commits.entries()) {
    if (commit.move) {
      mkdirSync(path.dirname(path.join(dir, commit.move[1])), { recursive: true });
      await git(['mv', ...commit.move]);
    }
    for (const [file, text] of Object.entries(commit.files ?? {})) {
      if (text === null) await git(['rm', '-q', file]);
      else {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
        await git(['add', file]);
      }
    }
    const date = `2024-01-${String(i + 1).padStart(2, '0')}T12:00:00+00:00`;
    await git(['commit', '-q', '--allow-empty', '-m', commit.subject], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    hashes.push((await git(['rev-parse', 'HEAD'])).stdout.trim());
  }
  return { dir, hashes };
}
