// One wording for every failed write of a user's output: what the system said, in words, and the fix.
import { LearnerError, ExitCode } from '../errors.js';

const REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
};

const FIXES: Record<string, string> = {
  EROFS: 'choose a path on a writable file system, or remount it read-write',
  ENOSPC: 'free some space, or write to another file system',
  EDQUOT: 'free some space, or write to another file system',
  ENOENT: 'create the directory first, or choose another path',
};

/** A write of `target` failed: exit 2, with the reason in words and whether the old file is intact. */
export function writeError(target: string, error: unknown, options: { kept?: boolean } = {}): LearnerError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = code !== undefined && Object.hasOwn(REASONS, code) ? `${REASONS[code]} (${code})` : code ?? (error as Error)?.message ?? String(error);
  const fix = (code !== undefined && Object.hasOwn(FIXES, code) ? FIXES[code] : undefined) ?? 'choose a path you can write to';
  return new LearnerError(`cannot write ${target}: ${reason}`, {
    exitCode: ExitCode.usage,
    cause: error,
    hint: options.kept ? `${fix}; the existing ${target} was left as it was` : fix,
  });
}
