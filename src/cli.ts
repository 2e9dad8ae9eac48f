#!/usr/bin/env node
import './heap.js';
import { main } from './program.js';
import type { CommandContext } from './commands/context.js';

const context: CommandContext = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  interactive: Boolean(process.stderr.isTTY),
  exitCode: 0,
};
process.exitCode = await main(process.argv.slice(2), context);
