/**
 * A CSV reader (RFC 4180, as spreadsheets write it) that keeps where each field starts, so that
 * an import can point at a cell as `file:line:col` the way the scenario checker points at YAML.
 * The CSV libraries on the registry give rows of strings without positions; the grammar is small
 * enough to keep here with its positions. Accepts CRLF, LF or CR line ends, a UTF-8 byte order
 * mark, quoted fields with doubled quotes and line breaks inside them.
 */

/** One field: its text and where it starts (1-based line and column, columns in UTF-16 units). */
export interface CsvField {
	value: string;
	line: number;
	column: number;
}

export type CsvRead =
	{ ok: true; rows: CsvField[][] } | { ok: false; line: number; column: number; message: string };

/** Reads `text` into rows of fields; blank lines are skipped. */
export function readCsv(text: string): CsvRead {
	const rows: CsvField[][] = [];
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = 1;
	let lineStart = i;
	let row: CsvField[] = [];
	const n = text.length;
	const endRow = () => {
		if (!(row.length === 1 && row[0].value === '')) rows.push(row);
		row = [];
	};
	while (i <= n) {
		const field: CsvField = { value: '', line, column: i - lineStart + 1 };
		if (text[i] === '"') {
			const open = { line, column: field.column };
			i++;
			let value = '';
			for (;;) {
				if (i >= n) {
					return { ok: false, ...open, message: 'a quoted field is not closed' };
				}
				const c = text[i];
				if (c === '"') {
					if (text[i + 1] === '"') {
						value += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (c === '\r' || c === '\n') {
					i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
					value += '\n';
					line++;
					lineStart = i;
					continue;
				}
				value += c;
				i++;
			}
			if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
				return {
					ok: false,
					line,
					column: i - lineStart + 1,
					message: 'text after a closing quote: a quote inside a quoted field is written twice ("")'
				};
			}
			field.value = value;
		} else {
			let end = i;
			while (end < n && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
			field.value = text.slice(i, end);
			i = end;
		}
		row.push(field);
		if (i >= n) {
			endRow();
			break;
		}
		const c = text[i];
		if (c === ',') {
			i++;
			if (i === n) {
				row.push({ value: '', line, column: i - lineStart + 1 });
				endRow();
				break;
			}
			continue;
		}
		// A line break ends the record.
		i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
		line++;
		lineStart = i;
		endRow();
		if (i === n) break;
	}
	return { ok: true, rows };
}
