import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { fixturePath } from '../helpers.js';

/** Compares with fixtures/golden/profiles/NAME; UPDATE_GOLDEN=1 rewrites the file instead. */
export function matchGolden(name: string, actual: string): void {
  const file = fixturePath('golden', 'profiles', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden file ${file} is missing; run the tests once with UPDATE_GOLDEN=1 and review it`);
  assert.fixture(actual, readFileSync(file, 'utf8'));
}
