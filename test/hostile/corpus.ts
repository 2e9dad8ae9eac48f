// Shared by the hostile-input suites: where the corpus is, what a directory holds, and the
// prototype check every suite repeats after feeding input in-process.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { fixturePath } from '../helpers.js';

export function hostilePath(...parts: string[]): string {
  return fixturePath('hostile', ...parts);
}

/** Every file and directory under `dir`, as sorted relative paths (directories end with `/`). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isDirectory() && !entry.isSymbolicLink()) {
        out.push(`${relative}/`);
        walk(full);
      } else {
        out.push(relative);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** The corpus files of one folder, for a suite to cover each. */
export function corpusFiles(folder: string): string[] {
  const dir = hostilePath(folder);
  return readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isFile()).sort();
}

const ownNames = Object.getOwnPropertyNames(Object.prototype).sort();

/** No enumerable key, no new own property and no `polluted` flag may appear on Object.prototype. */
export function assertPrototypeClean(after: string): void {
  assert.equal(Object.keys(Object.prototype), [], `Object.prototype gained enumerable keys after ${after}`);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort(), ownNames, `Object.prototype gained properties after ${after}`);
  assert.is(({} as Record<string, unknown>).polluted, undefined, `({}).polluted is set after ${after}`);
  assert.is(Object.getPrototypeOf({}), Object.prototype, `a plain object lost its prototype after ${after}`);
}
