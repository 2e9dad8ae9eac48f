import { promises as fs } from 'node:fs';
import { InputError } from '../errors.js';
import { parseProfile, type ParsedProfile } from './read.js';

// Real profiles are a few hundred KiB at most; a bigger file is a wrong path, not a profile.
const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, expected a profile file',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
};

// A device or a pipe has no size to check first (/dev/zero never ends): stop one chunk past the limit.
async function readAtMost(path: string, source: string): Promise<string> {
  const handle = await fs.open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) return Buffer.concat(chunks).toString('utf8');
      total += bytesRead;
      if (total > MAX_PROFILE_BYTES) throw new InputError(`${source}: goes on past ${MAX_PROFILE_BYTES} bytes (a device or an endless pipe?); a seccomp profile is far smaller`);
      chunks.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/** Reads and parses a profile file; a missing or unreadable file is an InputError naming it (as `source`, default the path). */
export async function readProfileFile(path: string, source: string = path): Promise<ParsedProfile> {
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.size > MAX_PROFILE_BYTES) throw new InputError(`${source}: is ${stat.size} bytes; a seccomp profile is far smaller (limit ${MAX_PROFILE_BYTES})`);
    text = await readAtMost(path, source);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = Object.hasOwn(REASONS, code) ? REASONS[code] : (error as Error).message;
    throw new InputError(`${source}: cannot read the profile (${reason})`, { cause: error });
  }
  return parseProfile(text, source);
}
