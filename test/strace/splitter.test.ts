import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LineCutter, MAX_LINE_LENGTH, type LineSink } from '../../src/strace/splitter.js';

class Collect implements LineSink {
  readonly lines: string[] = [];
  pushAt(text: string, start: number, end: number): void {
    this.lines.push(text.slice(start, end));
  }
}

function cutAll(cutter: LineCutter, pieces: string[]): string[] {
  const sink = new Collect();
  for (const piece of pieces) cutter.feed(piece, sink);
  const rest = cutter.takeRest();
  if (rest !== '') sink.lines.push(rest);
  return sink.lines;
}

const Cutting = suite('LineCutter');

Cutting('lines come out like String.split, the unterminated tail is carried into the next chunk', () => {
  const cutter = new LineCutter();
  const sink = new Collect();
  cutter.feed('a\nb\npart', sink);
  assert.equal(sink.lines, ['a', 'b']);
  cutter.feed('ial\n\nc\n', sink);
  assert.equal(sink.lines, ['a', 'b', 'partial', '', 'c']);
  assert.is(cutter.takeRest(), '');
});

Cutting('each line is handed over in place: the chunk text and the line bounds', () => {
  const seen: [string, number, number][] = [];
  new LineCutter().feed('ab\ncd\n', { pushAt: (text, start, end) => seen.push([text, start, end]) });
  assert.equal(seen, [['ab\ncd\n', 0, 2], ['ab\ncd\n', 3, 5]]);
});

Cutting('a long tail is held back and joined when its newline arrives', () => {
  const cutter = new LineCutter();
  const sink = new Collect();
  const long = 'x'.repeat(70 * 1024);
  cutter.feed(`first\n${long}`, sink);
  cutter.feed('yyy', sink);
  assert.equal(sink.lines, ['first']);
  cutter.feed('zzz\nnext', sink);
  assert.equal(sink.lines, ['first', `${long}yyyzzz`]);
  assert.is(cutter.takeRest(), 'next');
  assert.is(cutter.takeRest(), '');
});

Cutting('a long last line without newline is handed back by takeRest', () => {
  const cutter = new LineCutter();
  const long = 'x'.repeat(70 * 1024);
  cutter.feed(long, new Collect());
  assert.is(cutter.takeRest(), long);
  assert.is(cutter.takeRest(), '');
});

Cutting('a 4 MB line in 64 KiB pieces comes out whole, between its neighbours', () => {
  const line = 'x'.repeat(4 * 1024 * 1024);
  const text = `before\n${line}\nafter\nlast`;
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += 65536) pieces.push(text.slice(start, start + 65536));
  const lines = cutAll(new LineCutter(), pieces);
  assert.equal(lines.length, 4);
  assert.is(lines[0], 'before');
  assert.ok(lines[1] === line, 'the long line is intact');
  assert.equal(lines.slice(2), ['after', 'last']);
});

Cutting('a held long line whose newline starts the next chunk is not lost', () => {
  const long = 'x'.repeat(70 * 1024);
  assert.equal(cutAll(new LineCutter(), [long, '\nnext\n']), [long, 'next']);
});

Cutting('endsInsideLine says whether the text so far stopped inside a line', () => {
  const cutter = new LineCutter();
  const sink = new Collect();
  cutter.feed('a\nb', sink);
  assert.is(cutter.endsInsideLine, true);
  cutter.feed('b\n', sink);
  assert.is(cutter.endsInsideLine, false);
  cutter.feed('x'.repeat(70 * 1024), sink);
  assert.is(cutter.endsInsideLine, true);
  cutter.feed('y', sink);
  assert.is(cutter.endsInsideLine, true);
  cutter.feed('\n', sink);
  assert.is(cutter.endsInsideLine, false);
});

Cutting('a line longer than MAX_LINE_LENGTH keeps its first MAX_LINE_LENGTH characters and counts the rest', () => {
  const piece = 'x'.repeat(1024 * 1024);
  const pieces = Array.from({ length: MAX_LINE_LENGTH / piece.length + 2 }, () => piece);
  const lines = cutAll(new LineCutter(), [...pieces, '\nnext\n']);
  assert.is(lines.length, 2);
  assert.is(lines[0]?.length, MAX_LINE_LENGTH);
  assert.is(lines[1], 'next');
  const cutter = new LineCutter();
  cutAll(cutter, pieces);
  assert.is(cutter.dropped, 2 * piece.length);
});

Cutting.run();
