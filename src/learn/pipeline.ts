import type { StitchedEvent, ParseStats } from '../strace/stream.js';
import type { Profile } from '../profile/model.js';
import { nativeArch } from '../syscalls/arch.js';
import type { ArchName } from '../syscalls/table.js';
import { Aggregator, type WindowMode } from './aggregate.js';
import { buildPolicy, type PolicyOptions, type PolicyResult } from './policy.js';
import { buildReport, type LearnReport } from './report.js';

export interface LearnerOptions extends PolicyOptions {
  window?: WindowMode;
  nativeArch?: ArchName;
}

export interface LearnResult {
  profile: Profile;
  policy: PolicyResult;
  report: LearnReport;
}

/** Events in, profile and report out: the one path shared by record, learn and the container recorder. */
export class Learner {
  private readonly aggregator: Aggregator;

  constructor(private readonly options: LearnerOptions = {}) {
    this.aggregator = new Aggregator(options.nativeArch ?? nativeArch(), options.window ?? 'all');
  }

  readonly onEvent = (event: StitchedEvent): void => {
    this.aggregator.add(event);
  };

  /** Distinct syscall names seen so far (for live progress). */
  get distinct(): number {
    return this.aggregator.set.usage.size;
  }

  finish(parse: ParseStats, extra: { partialReason?: string } = {}): LearnResult {
    const policy = buildPolicy(this.aggregator.set, this.options);
    const report = buildReport(this.aggregator.set, policy, parse, extra.partialReason);
    return { profile: policy.profile, policy, report };
  }
}
