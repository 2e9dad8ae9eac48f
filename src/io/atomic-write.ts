import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { writeError } from './write-error.js';

/** The temp name a write of `target` goes through: hidden, next to it, unique per process and call. */
export function tempNameFor(target: string, suffix = 'tmp'): string {
  return path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

/**
 * Write a file so that readers see either the old content or the new one, never a half:
 * temp file in the same directory, fsync, rename over the target.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const temp = tempNameFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw writeError(target, error, { kept: existsSync(target) });
  }
}
