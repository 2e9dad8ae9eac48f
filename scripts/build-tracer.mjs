#!/usr/bin/env node
// Builds the C helpers in tracer/ (e.g. seccomp-exec, which loads a filter through libseccomp and
// execs the workload). Best effort at install time: without a C compiler or libseccomp-dev it
// warns, and `verify` on a host command says how to get them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tracer = path.join(root, 'tracer');
const out = path.join(tracer, 'build');
mkdirSync(out, { recursive: true });

const sources = existsSync(tracer) ? readdirSync(tracer).filter((f) => f.endsWith('.c')) : [];
let failed = 0;
for (const source of sources) {
  const src = path.join(tracer, source);
  const bin = path.join(out, source.slice(0, -2));
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) continue;
  const cc = process.env.CC ?? 'cc';
  const result = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-o', bin, src, '-lseccomp'], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.warn(`seccomp-learner: could not build tracer/${source} (${result.error?.message ?? `exit ${result.status}`}); ` +
      'host `verify` needs it: apt-get install -y gcc libseccomp-dev, then npm run build');
  }
}
if (failed && process.env.CI === 'true') process.exitCode = 1;
