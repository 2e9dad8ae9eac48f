import type { HistoryEntry } from './timeline.js';

// Plain text for a terminal or a CI log: a header line per commit, then one line per kind of change.

/** Commit subjects and parse errors are text from the repository: no control characters reach the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? ' ' : '?'));
}

function bodyLines(entry: HistoryEntry): string[] {
  switch (entry.kind) {
    case 'deleted':
      return ['deleted'];
    case 'unreadable':
      return [`cannot be read: ${printable(entry.error ?? 'unknown error')}`];
    case 'unchanged':
      return ['no change in meaning'];
    default:
      break;
  }
  const lines: string[] = [];
  if (entry.kind === 'created') lines.push('created');
  if (entry.comparedWith) lines.push(`(compared with ${entry.comparedWith})`);
  for (const group of entry.added) lines.push(`+ ${group.treatment}: ${group.names.join(' ')}`);
  for (const group of entry.removed) lines.push(`- ${group.treatment}: ${group.names.join(' ')}`);
  for (const change of entry.changed) lines.push(`~ ${change.name}: ${change.old} -> ${change.new}`);
  for (const other of entry.other) lines.push(`* ${other}`);
  for (const s of entry.sensitive) lines.push(`! sensitive: ${s.name} (${s.reason})`);
  return lines;
}

export function renderHistoryText(file: string, entries: readonly HistoryEntry[]): string {
  const lines = [`history of ${printable(file)}: ${entries.length} commit(s), oldest first`];
  for (const entry of entries) {
    lines.push(`${entry.date.slice(0, 10)} ${entry.shortCommit} ${printable(entry.subject)}`);
    lines.push(...bodyLines(entry).map((line) => `  ${line}`));
  }
  return lines.join('\n') + '\n';
}
