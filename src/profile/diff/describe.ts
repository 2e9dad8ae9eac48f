import { formatAction, type ArgCondition, type RuleFilter } from '../model.js';
import type { ConditionalRule, SyscallTreatment } from '../diff.js';

// Short human text for what a profile does with a syscall, shared by the text and markdown renderers.

const OPERATORS: Record<ArgCondition['op'], string> = {
  SCMP_CMP_NE: '!=',
  SCMP_CMP_LT: '<',
  SCMP_CMP_LE: '<=',
  SCMP_CMP_EQ: '==',
  SCMP_CMP_GE: '>=',
  SCMP_CMP_GT: '>',
  SCMP_CMP_MASKED_EQ: '&',
};

function hex(value: number): string {
  return value > 9 ? `0x${value.toString(16)}` : String(value);
}

export function describeArg(arg: ArgCondition): string {
  if (arg.op === 'SCMP_CMP_MASKED_EQ') return `arg${arg.index} & ${hex(arg.value)} == ${hex(arg.valueTwo ?? 0)}`;
  return `arg${arg.index} ${OPERATORS[arg.op]} ${hex(arg.value)}`;
}

function describeFilter(word: string, filter: RuleFilter | undefined): string[] {
  if (!filter) return [];
  const parts = [...(filter.caps ?? []), ...(filter.arches ?? []), ...(filter.minKernel ? [`kernel >= ${filter.minKernel}`] : [])];
  return parts.length ? [`${word} ${parts.join(', ')}`] : [];
}

export function describeCondition(rule: ConditionalRule): string {
  const when = [...(rule.args ?? []).map(describeArg), ...describeFilter('with', rule.includes), ...describeFilter('without', rule.excludes)];
  return `${formatAction(rule)} when ${when.join(' and ')}`;
}

/** `SCMP_ACT_ALLOW`, or `SCMP_ACT_ALLOW when arg0 == 8; …` for conditional rules. */
export function describeTreatment(treatment: SyscallTreatment | undefined): string {
  if (!treatment) return '(default)';
  const parts = [...(treatment.action ? [formatAction(treatment.action)] : []), ...treatment.conditions.map(describeCondition)];
  return parts.join('; ');
}
