import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const cliPath = path.join(repoRoot, 'dist', 'src', 'cli.js');

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Call at the top of a test that needs a real component. Returns true when the test must not run.
 * Outside CI it prints a loud `SKIP:` line (collected by scripts/test.mjs); under CI=true a missing
 * component is a failure, never a skip.
 */
export function skipUnless(available: boolean, what: string, testName: string): boolean {
  if (available) return false;
  if (inCI) throw new Error(`${testName}: ${what} is required under CI=true but is not available`);
  process.stderr.write(`SKIP: ${testName}: ${what} is not available\n`);
  return true;
}
