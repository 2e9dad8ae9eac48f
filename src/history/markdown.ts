import { printable } from './text.js';
import type { HistoryEntry } from './timeline.js';

// Sized for a pull-request comment or a changelog page: a heading per commit, a bullet per change.

// Subjects are free text: nothing in them may turn into markup, links or HTML.
function plain(text: string): string {
  return printable(text).replace(/[\\`*_{}[\]()<>#+|!~&-]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

const names = (list: readonly string[]) => list.map(code).join(', ');

function bullets(entry: HistoryEntry): string[] {
  switch (entry.kind) {
    case 'deleted':
      return ['- **deleted**'];
    case 'unreadable':
      return [`- ⚠️ cannot be read: ${code(printable(entry.error ?? 'unknown error'))}`];
    case 'unchanged':
      return ['- no change in meaning'];
    default:
      break;
  }
  const out: string[] = [];
  if (entry.kind === 'created') out.push('- **created**');
  if (entry.comparedWith) out.push(`- compared with ${code(entry.comparedWith)}`);
  for (const group of entry.added) out.push(`- added (${code(group.treatment)}): ${names(group.names)}`);
  for (const group of entry.removed) out.push(`- removed (${code(group.treatment)}): ${names(group.names)}`);
  for (const change of entry.changed) out.push(`- changed ${code(change.name)}: ${code(change.old)} → ${code(change.new)}`);
  for (const other of entry.other) out.push(`- ${plain(other)}`);
  for (const s of entry.sensitive) out.push(`- ⚠️ sensitive: ${code(s.name)} — ${plain(s.reason)}`);
  return out;
}

export function renderHistoryMarkdown(file: string, entries: readonly HistoryEntry[]): string {
  const lines = [`## Profile history: ${code(printable(file))}`, '', `${entries.length} commit(s), oldest first.`];
  for (const entry of entries) {
    lines.push('', `### ${entry.date.slice(0, 10)} · ${code(entry.shortCommit)} · ${plain(entry.subject)}`, '', ...bullets(entry));
  }
  return lines.join('\n') + '\n';
}
