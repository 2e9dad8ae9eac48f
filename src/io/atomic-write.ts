import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, promises as fs, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeError } from './write-error.js';

/** The temp name a write of `target` goes through: hidden, next to it, unique per process and call. */
export function tempNameFor(target: string, suffix = 'tmp'): string {
  return path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

/**
 * Where a write of `target` really lands. Symlinks are followed, so the file they point to is
 * replaced rather than the link; devices, FIFOs and sockets (`-o /dev/null`, `/dev/stdout`) are
 * `direct`: written in place, since a rename would replace the device node itself.
 */
export function writeTarget(target: string): { path: string; direct: boolean } {
  let real = path.resolve(target);
  try {
    real = realpathSync(real);
  } catch {
    // Missing, or a dangling link: write where the link points.
    try {
      if (lstatSync(real).isSymbolicLink()) real = path.resolve(path.dirname(real), readlinkSync(real));
    } catch {
      // Does not exist yet: a plain new file.
    }
  }
  let direct = false;
  try {
    const stat = statSync(real);
    direct = !stat.isFile() && !stat.isDirectory();
  } catch {
    direct = false;
  }
  return { path: real, direct };
}

/**
 * Write a file so that readers see either the old content or the new one, never a half:
 * temp file in the same directory, fsync, rename over the target.
 */
export async function writeFileAtomic(requested: string, content: string): Promise<void> {
  const { path: target, direct } = writeTarget(requested);
  if (direct) {
    await fs.writeFile(target, content).catch((error) => {
      throw writeError(requested, error, { kept: true });
    });
    return;
  }
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
    throw writeError(requested, error, { kept: existsSync(target) });
  }
}
