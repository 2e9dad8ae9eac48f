import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempNameFor, writeTarget } from './atomic-write.js';
import { writeError } from './write-error.js';

/**
 * Fails before any work starts when a file could not be written later: creates and removes a file
 * next to each target, which is what the atomic write will do. Catches read-only file systems,
 * missing directories and permissions; a disk that fills up meanwhile is still caught at the write.
 */
export async function assertWritable(targets: readonly string[]): Promise<void> {
  for (const requested of targets) {
    const { path: target, direct } = writeTarget(requested);
    const existing = await fs.stat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw writeError(requested, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    if (direct) {
      await fs.access(target, fs.constants.W_OK).catch((error) => {
        throw writeError(requested, error);
      });
      continue;
    }
    const probe = tempNameFor(target, 'probe');
    try {
      const handle = await fs.open(probe, 'wx', 0o600);
      await handle.close();
    } catch (error) {
      throw writeError(requested, error);
    } finally {
      await fs.rm(probe, { force: true }).catch(() => undefined);
    }
  }
}
