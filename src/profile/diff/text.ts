import { formatAction } from '../model.js';
import type { ProfileDiff, SyscallChange } from '../diff.js';
import { describeTreatment } from './describe.js';

// Plain text for a terminal or a CI log: one line per changed syscall, marked + - ~.

const MARKS: Record<SyscallChange['kind'], string> = { added: '+', removed: '-', changed: '~' };

export function summaryLine(diff: ProfileDiff): string {
  const { added, removed, changed, sensitive } = diff.summary;
  if (!diff.summary.hasChanges) return 'no changes';
  const parts = [`${added} added${sensitive ? ` (${sensitive} sensitive)` : ''}`, `${removed} removed`, `${changed} changed`];
  return parts.join(', ');
}

function syscallLine(change: SyscallChange, width: number): string {
  const name = change.name.padEnd(width);
  const detail =
    change.kind === 'added' ? describeTreatment(change.new) : change.kind === 'removed' ? describeTreatment(change.old) : `${describeTreatment(change.old)} -> ${describeTreatment(change.new)}`;
  const flag = change.sensitive ? `  [sensitive: ${change.sensitive}]` : '';
  return `${MARKS[change.kind]} ${name}  ${detail}${flag}`;
}

export function renderDiffText(diff: ProfileDiff): string {
  const lines = [`seccomp profile diff ${diff.oldSource} -> ${diff.newSource}: ${summaryLine(diff)}`];
  if (diff.defaultAction) lines.push(`default action: ${formatAction(diff.defaultAction.old)} -> ${formatAction(diff.defaultAction.new)}`);
  for (const [label, change] of [['architectures', diff.architectures], ['flags', diff.flags]] as const) {
    const items = [...change.added.map((a) => `+${a}`), ...change.removed.map((r) => `-${r}`)];
    if (items.length) lines.push(`${label}: ${items.join(' ')}`);
  }
  const width = Math.max(0, ...diff.syscalls.map((s) => s.name.length));
  for (const change of diff.syscalls) lines.push(syscallLine(change, width));
  return lines.join('\n') + '\n';
}
