/**
 * The one CSV writer of Sandtable's exports, RFC 4180: a field holding a comma, a quote or a line
 * break is quoted with its quotes doubled, and every record ends in CRLF (the last one too).
 * Text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
 * return) gets a leading single quote; numbers are written as numbers and never defused, so -6.8
 * stays a number a spreadsheet can sum. A CSV is read by people, so this is where figures are
 * rounded (to two places, once: the reports keep full precision).
 */
import { rounded } from '../format/number';

/** A value of a CSV field: nothing (an empty field), text, a number, or yes/no. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * `needed` quotes only the fields that must be; `always` quotes every field (the debrief's scores
 * have been written so since their first version, and readers may expect it).
 */
type CsvQuoting = 'needed' | 'always';

const FORMULA = /^[=+\-@\t\r]/;
const MUST_QUOTE = /[",\r\n]/;

/** One CSV field: a number rounded to two places (empty if not finite), text defused and quoted as needed. */
export function csvCell(value: CsvCell, quoting: CsvQuoting = 'needed'): string {
	let text: string;
	if (value === null || value === undefined) text = '';
	else if (typeof value === 'number') text = Number.isFinite(value) ? String(rounded(value)) : '';
	else if (typeof value === 'boolean') text = value ? 'yes' : 'no';
	else text = FORMULA.test(value) ? `'${value}` : value;
	return quoting === 'always' || MUST_QUOTE.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: the header record, then one record per row, each ending in CRLF. */
export function csvTable(
	header: readonly CsvCell[],
	rows: readonly (readonly CsvCell[])[],
	quoting: CsvQuoting = 'needed'
): string {
	const record = (cells: readonly CsvCell[]) => cells.map((c) => csvCell(c, quoting)).join(',');
	const lines = [record(header)];
	for (const row of rows) lines.push(record(row));
	return lines.join('\r\n') + '\r\n';
}
