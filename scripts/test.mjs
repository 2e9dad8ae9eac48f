#!/usr/bin/env node
// Runs the uvu suites from the build and ends with one plain closing line:
// "tests: N passed, N failed, N skipped". Tests that skip say so on stderr with a `SKIP:` line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const pattern = `${process.argv[2] ?? ''}.*\\.test\\.js$`;
// uvu sets FORCE_COLOR for its colours, which spawned CLIs would inherit: off unless on a terminal.
const colour = process.stdout.isTTY ? [] : ['--no-color'];
const child = spawn(process.execPath, [uvu, 'dist/test', pattern, ...colour], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

let out = '';
const skips = [];
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
let errTail = '';
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  errTail += chunk;
  const lines = errTail.split('\n');
  errTail = lines.pop() ?? '';
  for (const line of lines) if (line.startsWith('SKIP: ')) skips.push(line.slice(6));
});
child.on('close', (code, signal) => {
  const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? 0);
  const total = num('Total');
  const passed = num('Passed');
  const failed = total - passed - num('Skipped') + (code !== 0 && total === passed ? 1 : 0);
  if (skips.length) {
    console.error(`\n${skips.length} test(s) skipped because a component is missing:`);
    for (const s of skips) console.error(`  - ${s}`);
  }
  console.log(`tests: ${passed - skips.length} passed, ${failed} failed, ${skips.length} skipped`);
  process.exitCode = code === 0 && failed === 0 ? 0 : 1;
  if (signal) process.exitCode = 1;
});
