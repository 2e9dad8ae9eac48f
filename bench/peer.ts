// The parser next to a published JavaScript strace parser, b3-strace-parser (pegjs grammar, MIT),
// on the same real captured lines: lines per second each, and how many lines each understood.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceParser } from '../src/strace/stream.js';
import type { BenchRow } from './table.js';

// The parse bench's sources: every shape strace -f -o prints (threads, exec by a thread, strings, timestamps).
const SOURCE_FIXTURES = ['follow-file.log', 'threads.log', 'superseded.log', 'strings.log', 'combined-ttt.log'];
const SAMPLE_LINES = 20_000;
// The sample again and again for our parser, so its run lasts long enough to time.
const OWN_REPEATS = 50;
const ROUNDS = 3;

const fixturesDir = fileURLToPath(new URL('../../fixtures/strace/', import.meta.url));
const require = createRequire(import.meta.url);

interface PeerParser {
  initialize(options: { trace?: boolean }): void;
  parseLine(line: string): unknown;
}

function sampleLines(): string[] {
  const lines = SOURCE_FIXTURES.flatMap((name) => readFileSync(path.join(fixturesDir, name), 'utf8').split('\n')).filter((line) => line !== '');
  const sample: string[] = [];
  while (sample.length < SAMPLE_LINES) sample.push(...lines);
  return sample.slice(0, SAMPLE_LINES);
}

function loadPeer(): { parser: PeerParser; version: string } {
  let entry: string;
  try {
    entry = require.resolve('b3-strace-parser/lib/parser.js');
  } catch {
    throw new Error('b3-strace-parser is not installed: npm install (it is a devDependency)');
  }
  const parser = require(entry) as PeerParser;
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  parser.initialize({ trace: false });
  return { parser, version: manifest.version };
}

function seconds(task: () => void): number {
  const start = process.hrtime.bigint();
  task();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchPeer(): Promise<BenchRow[]> {
  const lines = sampleLines();
  const { parser: peer, version } = loadPeer();
  let peerUnderstood = 0;
  let ownUnderstood = 0;
  const peerTimes: number[] = [];
  const ownTimes: number[] = [];
  // Interleaved rounds, so a busy machine slows both alike.
  for (let round = 0; round < ROUNDS; round++) {
    peerTimes.push(
      seconds(() => {
        peerUnderstood = 0;
        for (const line of lines) {
          try {
            if (peer.parseLine(line) !== null) peerUnderstood++;
          } catch {
            // b3 throws on unfinished/resumed halves and on lines its grammar does not cover.
          }
        }
      }),
    );
    ownTimes.push(
      seconds(() => {
        for (let repeat = 0; repeat < OWN_REPEATS; repeat++) {
          const parser = new TraceParser(() => undefined);
          for (const line of lines) parser.push(line);
          parser.end();
          ownUnderstood = parser.stats.lines - parser.stats.malformed;
        }
      }),
    );
  }
  const peerRate = lines.length / median(peerTimes);
  const ownRate = (lines.length * OWN_REPEATS) / median(ownTimes);
  const yardstick = `b3-strace-parser ${version}: ${Math.round(peerRate).toLocaleString('en-US')} lines/s`;
  return [
    { name: 'peer: sample (real strace -f lines)', value: lines.length, unit: 'lines' },
    { name: `peer: b3-strace-parser ${version} parseLine`, value: peerRate, unit: 'lines/s' },
    { name: 'peer: TraceParser (parse + stitch)', value: ownRate, unit: 'lines/s', yardstick, ratio: ownRate / peerRate },
    { name: 'peer: lines understood by b3-strace-parser', value: (100 * peerUnderstood) / lines.length, unit: '%' },
    { name: 'peer: lines understood by TraceParser', value: (100 * ownUnderstood) / lines.length, unit: '%' },
  ];
}
