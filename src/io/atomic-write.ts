import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LearnerError, ExitCode } from '../errors.js';

/**
 * Write a file so that readers see either the old content or the new one, never a half:
 * temp file in the same directory, fsync, rename over the target.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
    const code = (error as NodeJS.ErrnoException).code;
    throw new LearnerError(`cannot write ${target}: ${code ?? (error as Error).message}`, {
      exitCode: ExitCode.usage,
      cause: error,
      hint: code === 'ENOSPC' ? 'the disk is full; the existing file was left as it was' : undefined,
    });
  }
}
