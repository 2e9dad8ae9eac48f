// `npm run bench [name...]`: runs each bench module in turn (or only the named ones) and prints one table.
import { benchCheck } from './check.js';
import { benchMemory } from './memory.js';
import { benchParse } from './parse.js';
import { benchPeer } from './peer.js';
import { benchRecord } from './record.js';
import { formatTable } from './table.js';
import type { BenchRow } from './table.js';

const benches: Record<string, () => Promise<BenchRow[]>> = {
  check: benchCheck,
  memory: benchMemory,
  parse: benchParse,
  peer: benchPeer,
  record: benchRecord,
};

async function main(selected: string[]): Promise<void> {
  const unknown = selected.filter((name) => !(name in benches));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);
  const rows: BenchRow[] = [];
  for (const [name, run] of Object.entries(benches)) {
    if (selected.length > 0 && !selected.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    rows.push(...(await run()));
  }
  console.log(formatTable(rows));
}

await main(process.argv.slice(2));
