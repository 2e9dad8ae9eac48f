import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { Learner } from '../learn/pipeline.js';
import { parseStream, pidFromFfName, READ_AHEAD_BYTES, type ParseStats } from '../strace/stream.js';
import { InputError, LearnerError } from '../errors.js';
import type { ProfileFormat } from '../profile/write/index.js';
import { MAX_DISTINCT_KEYS, MAX_LIVE_PROCESSES, type Overflow, type WindowMode } from '../learn/aggregate.js';
import type { RuntimeName } from '../learn/runtime-base.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';
import { emitJson, emitProfile, PROFILE_FORMATS } from './output.js';
import { compareWithEngineDefault } from './baseline.js';

interface LearnOptions {
  output?: string;
  format: ProfileFormat;
  report?: string;
  strict?: boolean;
  window: WindowMode;
  runtime?: RuntimeName;
  name?: string;
  namespace?: string;
}

function addStats(total: ParseStats, part: ParseStats): void {
  total.lines += part.lines;
  total.bytes += part.bytes;
  total.malformed += part.malformed;
  total.unfinishedAtEnd += part.unfinishedAtEnd;
  for (const sample of part.samples) if (total.samples.length < 10) total.samples.push(sample);
}

function readProblem(file: string, error: NodeJS.ErrnoException): InputError {
  const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a directory, expected a strace log' : error.message;
  return new InputError(`cannot read ${file}: ${reason}`, { cause: error });
}

function openLog(file: string, context: CommandContext): Promise<Readable> {
  if (file === '-') return Promise.resolve(context.stdin);
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path.resolve(context.cwd, file), { highWaterMark: READ_AHEAD_BYTES });
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) => reject(readProblem(file, error)));
  });
}

// A directory opens fine and fails only at the first read, inside the parse.
async function parseLog(file: string, input: Readable, learner: Learner, options: { pid?: number }): Promise<ParseStats> {
  try {
    return await parseStream(input, learner.onEvent, options);
  } catch (error) {
    if (error instanceof LearnerError || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw readProblem(file, error as NodeJS.ErrnoException);
  }
}

// Trace text may hold control or direction characters: show a sample as escaped ASCII on a terminal.
function printable(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseWarnings(total: ParseStats, overflow: Overflow): string[] {
  const out: string[] = [];
  const first = printable(total.samples[0]?.text ?? '');
  if (total.lines === 0) out.push('the trace is empty');
  else if (total.malformed === total.lines) out.push(`none of the ${total.lines} lines could be parsed as strace output (first: ${first}); is this a strace log?`);
  else if (total.malformed) out.push(`${total.malformed} of ${total.lines} trace lines could not be parsed (first: ${first})`);
  const unlisted = overflow.unknownNames + overflow.unresolvedNumbers + overflow.commands;
  if (unlisted) {
    out.push(`the trace names more than ${MAX_DISTINCT_KEYS} different non-syscalls, syscall numbers or programs (corrupt or forged?); ${unlisted} calls were counted without being listed in the report`);
  }
  if (overflow.processes) {
    out.push(`the trace has more than ${MAX_LIVE_PROCESSES} processes alive at once (corrupt or forged?); ${overflow.processes} were no longer followed, so their later calls count as native-arch calls without a command`);
  }
  return out;
}

export async function learnFromLogs(files: string[], options: LearnOptions, context: CommandContext): Promise<number> {
  const learner = new Learner({ window: options.window, strict: options.strict, runtime: options.runtime });
  const total: ParseStats = { lines: 0, bytes: 0, malformed: 0, samples: [], unfinishedAtEnd: 0 };
  for (const file of files) {
    const input = await openLog(file, context);
    // `strace -ff -o p` writes p.PID files whose lines carry no pid prefix.
    const pid = file === '-' || files.length === 1 ? undefined : pidFromFfName(file);
    addStats(total, await parseLog(file, input, learner, pid === undefined ? {} : { pid }));
  }
  const result = learner.finish(total);
  await emitProfile(result.profile, options, context);
  if (options.report) await emitJson(options.report, { ...result.report, comparedWithDefault: await compareWithEngineDefault(result) }, context);
  for (const warning of parseWarnings(total, result.report.overflow)) {
    context.stderr.write(`seccomp-learner: warning: ${warning}\n`);
  }
  return 0;
}

export const registerLearn: RegisterCommand = (program: Command, context: CommandContext) => {
  program
    .command('learn')
    .description('learn a profile from existing strace logs (one -f log, a set of -ff files, or - for stdin)')
    .argument('<logs...>', 'strace output files, or - for stdin')
    .option('-o, --output <file>', 'where to write the profile (default: stdout)')
    .addOption(new Option('--format <format>', 'profile format').choices([...PROFILE_FORMATS]).default('docker'))
    .option('--report <file>', 'write a JSON report')
    .option('--strict', 'allow only what was traced: no vDSO, exit or signal-return additions')
    .addOption(new Option('--window <mode>', 'count every call, or only those after a seccomp filter was loaded (container traces)').choices(['all', 'after-filter-load']).default('all'))
    .addOption(new Option('--runtime <runtime>', 'with --window after-filter-load: base set to use when no filter-load marker is found').choices(['runc', 'crun']))
    .option('--name <name>', 'metadata.name for --format kubernetes')
    .option('--namespace <ns>', 'namespace for --format kubernetes')
    .action(action(context, (files: string[], options: LearnOptions) => learnFromLogs(files, options, context)));
};
