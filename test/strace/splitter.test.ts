import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LineSplitter, MAX_LINE_LENGTH } from '../../src/strace/splitter.js';

function splitAll(splitter: LineSplitter, pieces: string[]): string[] {
  const lines: string[] = [];
  let carried = '';
  for (const piece of pieces) {
    const split = (carried + piece).split(splitter);
    carried = split.pop() ?? '';
    lines.push(...split);
  }
  const rest = carried + splitter.takeRest();
  if (rest !== '') lines.push(rest);
  return lines;
}

const Splitting = suite('LineSplitter');

Splitting('short lines split like String.split, the tail is left for split2 to carry', () => {
  const splitter = new LineSplitter();
  assert.equal('a\nb\npartial'.split(splitter), ['a', 'b', 'partial']);
  assert.equal('a\n\nb\n'.split(splitter), ['a', '', 'b', '']);
  assert.is(splitter.takeRest(), '');
});

Splitting('a long tail is held back and joined when its newline arrives', () => {
  const splitter = new LineSplitter();
  const long = 'x'.repeat(70 * 1024);
  assert.equal(`first\n${long}`.split(splitter), ['first', '']);
  assert.equal('yyy'.split(splitter), ['']);
  assert.equal('zzz\nnext'.split(splitter), [`${long}yyyzzz`, 'next']);
  assert.is(splitter.takeRest(), '');
});

Splitting('a long last line without newline is handed back by takeRest', () => {
  const splitter = new LineSplitter();
  const long = 'x'.repeat(70 * 1024);
  assert.equal(long.split(splitter), ['']);
  assert.is(splitter.takeRest(), long);
  assert.is(splitter.takeRest(), '');
});

Splitting('a 4 MB line in 64 KiB pieces comes out whole, between its neighbours', () => {
  const line = 'x'.repeat(4 * 1024 * 1024);
  const text = `before\n${line}\nafter\nlast`;
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += 65536) pieces.push(text.slice(start, start + 65536));
  const lines = splitAll(new LineSplitter(), pieces);
  assert.equal(lines.length, 4);
  assert.is(lines[0], 'before');
  assert.ok(lines[1] === line, 'the long line is intact');
  assert.equal(lines.slice(2), ['after', 'last']);
});

Splitting('endsInsideLine says whether the text so far stopped inside a line', () => {
  const splitter = new LineSplitter();
  'a\nb'.split(splitter);
  assert.is(splitter.endsInsideLine, true);
  'b\n'.split(splitter);
  assert.is(splitter.endsInsideLine, false);
  `${'x'.repeat(70 * 1024)}`.split(splitter);
  assert.is(splitter.endsInsideLine, true);
  'y'.split(splitter);
  assert.is(splitter.endsInsideLine, true);
});

Splitting('a line longer than MAX_LINE_LENGTH keeps its first MAX_LINE_LENGTH characters and counts the rest', () => {
  const piece = 'x'.repeat(1024 * 1024);
  const pieces = Array.from({ length: MAX_LINE_LENGTH / piece.length + 2 }, () => piece);
  const lines = splitAll(new LineSplitter(), [...pieces, '\nnext\n']);
  assert.is(lines.length, 2);
  assert.is(lines[0]?.length, MAX_LINE_LENGTH);
  assert.is(lines[1], 'next');
  const splitter = new LineSplitter();
  splitAll(splitter, pieces);
  assert.is(splitter.dropped, 2 * piece.length);
});

Splitting.run();
