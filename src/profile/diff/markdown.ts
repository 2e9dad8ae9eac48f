import { formatAction } from '../model.js';
import type { ProfileDiff, SyscallChange } from '../diff.js';
import { describeTreatment } from './describe.js';
import { summaryLine } from './text.js';

// Sized for a pull-request comment: a summary line, then one table; sensitive syscalls carry a warning sign.

const KINDS: Record<SyscallChange['kind'], string> = { added: 'added', removed: 'removed', changed: 'changed' };

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function row(change: SyscallChange): string {
  const mark = change.sensitive ? '⚠️' : '';
  const before = change.old ? code(describeTreatment(change.old)) : '—';
  const after = change.new ? code(describeTreatment(change.new)) : '—';
  const note = change.sensitive ? cell(change.sensitive) : '';
  return `| ${mark} | ${code(change.name)} | ${KINDS[change.kind]} | ${cell(before)} | ${cell(after)} | ${note} |`;
}

export function renderDiffMarkdown(diff: ProfileDiff): string {
  const lines = [`**seccomp profile:** ${summaryLine(diff)}${diff.summary.sensitive ? ' ⚠️' : ''}`, '', `${code(diff.oldSource)} → ${code(diff.newSource)}`];
  const facts: string[] = [];
  if (diff.defaultAction) facts.push(`- default action: ${code(formatAction(diff.defaultAction.old))} → ${code(formatAction(diff.defaultAction.new))}`);
  for (const [label, change] of [['architectures', diff.architectures], ['flags', diff.flags]] as const) {
    if (change.added.length) facts.push(`- ${label} added: ${change.added.map(code).join(', ')}`);
    if (change.removed.length) facts.push(`- ${label} removed: ${change.removed.map(code).join(', ')}`);
  }
  if (facts.length) lines.push('', ...facts);
  if (diff.syscalls.length) {
    lines.push('', '| | Syscall | Change | Old | New | Note |', '|---|---|---|---|---|---|', ...diff.syscalls.map(row));
  }
  return lines.join('\n') + '\n';
}
