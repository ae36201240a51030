import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** The target, read as "value <= target" unless `higherIsBetter`. */
  target?: number;
  higherIsBetter?: boolean;
  note?: string;
}

export function meetsTarget(measurement: Measurement): boolean | undefined {
  if (measurement.target === undefined) return undefined;
  return measurement.higherIsBetter
    ? measurement.value >= measurement.target
    : measurement.value <= measurement.target;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Prints the measurements as a table and writes them as JSON to bench/results/<suite>.json. */
export function report(suite: string, measurements: Measurement[]): string {
  const rows = measurements.map((m) => {
    const ok = meetsTarget(m);
    const target = m.target === undefined ? '' : `${m.higherIsBetter ? '≥' : '≤'} ${m.target} ${m.unit}`;
    return [
      m.name,
      `${round(m.value)} ${m.unit}`,
      target,
      ok === undefined ? '' : ok ? 'yes' : 'NO',
      m.note ?? '',
    ];
  });
  const header = ['measurement', 'value', 'target', 'met', 'note'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(`\n${suite}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  const dir = new URL('results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${suite}.json`);
  const results = measurements.map((m) => ({ ...m, value: round(m.value), met: meetsTarget(m) ?? null }));
  writeFileSync(
    file,
    `${JSON.stringify({ suite, at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
  console.log(`written to ${file}`);
  return file;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
