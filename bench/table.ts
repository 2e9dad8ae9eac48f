// The one table every bench module reports into, so `npm run bench` prints them all alike.

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, in words (`wc -l: 1900 MB/s`). */
  yardstick?: string;
  /** This measurement divided by the yardstick's (for times: > 1 means slower than the yardstick). */
  ratio?: number;
}

function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Aligned plain-text columns: name, value, unit, yardstick, ratio. */
export function formatTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'value', 'unit', 'yardstick', 'ratio'];
  const cells = rows.map((row) => [
    row.name,
    formatNumber(row.value),
    row.unit,
    row.yardstick ?? '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, column) => Math.max(...all.map((cells) => (cells[column] ?? '').length)));
  const rightAligned = new Set([1, 4]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
