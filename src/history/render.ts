import { renderHistoryMarkdown } from './markdown.js';
import { renderHistoryText } from './text.js';
import type { HistoryEntry } from './timeline.js';

export const HISTORY_FORMATS = ['text', 'markdown', 'json'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export function renderHistory(file: string, entries: readonly HistoryEntry[], format: HistoryFormat, since?: string): string {
  switch (format) {
    case 'text':
      return renderHistoryText(file, entries);
    case 'markdown':
      return renderHistoryMarkdown(file, entries);
    case 'json':
      return JSON.stringify({ file, order: 'oldest-first', since: since ?? null, commits: entries }, null, 2) + '\n';
  }
}
