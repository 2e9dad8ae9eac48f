import path from 'node:path';
import { Option, type Command } from 'commander';
import { profileRevisions, showRevisions } from '../history/git.js';
import { HISTORY_FORMATS, renderHistory, type HistoryFormat } from '../history/render.js';
import { buildTimeline } from '../history/timeline.js';
import { action, type CommandContext, type RegisterCommand } from './context.js';

interface HistoryOptions {
  since?: string;
  format: HistoryFormat;
}

export async function historyCommand(file: string, options: HistoryOptions, context: CommandContext): Promise<number> {
  const absolute = path.resolve(context.cwd, file);
  const dir = path.dirname(absolute);
  const log = await profileRevisions(absolute, options.since);
  const wanted = log.baseline ? [log.baseline, ...log.revisions] : log.revisions;
  const texts = await showRevisions(dir, wanted);
  const withText = wanted.map((revision, i) => ({ ...revision, ...texts[i] }));
  const entries = log.baseline ? buildTimeline(withText.slice(1), withText[0]) : buildTimeline(withText);
  context.stdout.write(renderHistory(file, entries, options.format, options.since));
  return 0;
}

export const registerHistory: RegisterCommand = (program: Command, context: CommandContext) => {
  program
    .command('history')
    .description("a profile's story from git, oldest commit first: syscalls added, removed and changed by each commit that touched it")
    .argument('<profile>', 'a profile file tracked by git (renames are followed)')
    .option('--since <rev>', 'only commits after this one (a commit, tag or branch); the first is compared with the version at <rev>')
    .addOption(new Option('--format <format>', 'output format').choices([...HISTORY_FORMATS]).default('text'))
    .action(action(context, (file: string, options: HistoryOptions) => historyCommand(file, options, context)));
};
