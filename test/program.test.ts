import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliPath } from './helpers.js';

const bin = suite('the seccomp-learner executable');

bin('the build leaves it executable: npx runs it through its shebang, not through node', () => {
  assert.ok((statSync(cliPath).mode & 0o111) !== 0, `${cliPath} is not executable`);
  assert.ok(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node\n'));
  const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
  assert.is(execFileSync(cliPath, ['--version'], { encoding: 'utf8' }).trim(), version);
});

bin('help lists every verb, each loaded only when asked for', () => {
  const help = execFileSync(cliPath, ['--help'], { encoding: 'utf8' });
  for (const verb of ['check', 'convert', 'diff', 'history', 'learn', 'merge', 'record', 'setup', 'verify']) {
    assert.match(help, new RegExp(`^  ${verb}\\b`, 'm'), verb);
  }
});

bin.run();
