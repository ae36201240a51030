import { terminalText } from './terminal-text.ts';

/**
 * Left-aligned columns separated by two spaces, header first. Trailing padding is trimmed so the last
 * column (often a free-text error) can be as long as it needs without padding every row. Cells hold names,
 * tags and errors that pages control: each is made inert before widths are measured.
 */
export function formatTable(headers: readonly string[], cellsByRow: readonly (readonly string[])[]): string {
  const rows = cellsByRow.map((cells) => cells.map(terminalText));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [headers, ...rows].map((cells) => alignedLine(cells, widths)).join('');
}

/**
 * One row in columns of known widths, for a table printed a row at a time (`runs --follow`): cells made
 * inert like formatTable's; a cell wider than its column pushes the rest along rather than being cut.
 */
export function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return alignedLine(cells.map(terminalText), widths);
}

function alignedLine(cells: readonly string[], widths: readonly number[]): string {
  const line = widths
    .map((width, column) => (cells[column] ?? '').padEnd(width))
    .join('  ')
    .trimEnd();
  return `${line}\n`;
}
