import type { ProfileDiff } from '../diff.js';
import { renderDiffMarkdown } from './markdown.js';
import { renderDiffText } from './text.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(diff: ProfileDiff, format: DiffFormat): string {
  switch (format) {
    case 'text':
      return renderDiffText(diff);
    case 'markdown':
      return renderDiffMarkdown(diff);
    case 'json':
      return JSON.stringify(diff, null, 2) + '\n';
  }
}
