/**
 * The smallest useful XLSX (Office Open XML spreadsheet) reader and writer, for the MSEL: one
 * sheet of text and numbers. The writer makes a workbook of inline strings (never formulas, so
 * nothing needs defusing) with a bold, frozen header row. The reader takes the workbook's first
 * sheet as a table of fields at their row and column (1-based), as the CSV reader does, so an
 * import points at a cell the same way; shared strings, inline strings, numbers, booleans and
 * time-formatted numbers (as `h:mm:ss`) are read; formulas give their cached value. The archive is
 * refused when it would unpack to more than `MAX_XLSX_UNPACKED` bytes. Pure (fflate for the zip).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { CsvField } from './csv-read';

/** The most a workbook may unpack to; an MSEL of 300 rows is far below it. */
export const MAX_XLSX_UNPACKED = 16 * 1024 * 1024;

export type XlsxRead = { ok: true; rows: CsvField[][] } | { ok: false; message: string };

const escapeXml = (s: string) =>
	s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		// Characters XML 1.0 cannot carry at all.
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnName(n: number): string {
	let s = '';
	for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
		s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
	return s;
}

/** 1-based column number of letters: A → 1, AA → 27. */
function columnNumber(letters: string): number {
	let n = 0;
	for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

/** A workbook of one sheet: `header` in bold and frozen, then `rows`. */
export function writeXlsx(
	sheetName: string,
	header: readonly string[],
	rows: readonly (readonly (string | number)[])[]
): Uint8Array {
	const cell = (value: string | number, ref: string, style: number) =>
		typeof value === 'number' && Number.isFinite(value)
			? `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`
			: `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
	const row = (values: readonly (string | number)[], r: number, style: number) =>
		`<row r="${r}">${values.map((v, i) => cell(v, `${columnName(i + 1)}${r}`, style)).join('')}</row>`;
	const sheet =
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
		'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
		`<sheetData>${row(header, 1, 1)}${rows.map((r, i) => row(r, i + 2, 2)).join('')}</sheetData>` +
		'</worksheet>';
	const name = escapeXml(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
	const files: Record<string, string> = {
		'[Content_Types].xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
			'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
			'<Default Extension="xml" ContentType="application/xml"/>' +
			'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
			'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
			'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
			'</Types>',
		'_rels/.rels':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
			'</Relationships>',
		'xl/workbook.xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
			`<sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		'xl/_rels/workbook.xml.rels':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
			'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
			'</Relationships>',
		'xl/styles.xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
			'<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
			'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
			'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
			'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
			'<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
			'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
			'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>' +
			'</styleSheet>',
		'xl/worksheets/sheet1.xml': sheet
	};
	return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), {
		level: 6,
		mtime: new Date('2000-01-01T00:00:00Z')
	});
}

/** XML text to plain text: entities, and OOXML's `_xHHHH_` escapes of control characters. */
function unescapeXml(s: string): string {
	return (
		s
			.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|quot|apos|amp);/gi, (_, e: string) => {
				const lower = e.toLowerCase();
				if (lower[0] === '#') {
					const code =
						lower[1] === 'x' ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
					return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
				}
				return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[lower] ?? '';
			})
			// A line break written as CR LF: `_x000D_` then the break.
			.replace(/_x000D_(?=\r?\n)/gi, '')
			.replace(/_x([0-9a-f]{4})_/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
			.replace(/\r\n?/g, '\n')
	);
}

/** The text of every `<t>` in `xml` (a shared or inline string: plain, or rich text runs). */
function textOf(xml: string): string {
	const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
	let out = '';
	for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) {
		out += unescapeXml(m[1] ?? '');
	}
	return out;
}

const attr = (tag: string, name: string) =>
	new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** The style indexes (cellXfs order) whose number format shows a time or a date. */
function timeStyles(stylesXml: string | null): Set<number> {
	const styles = new Set<number>();
	if (!stylesXml) return styles;
	const custom = new Map<string, string>();
	for (const m of stylesXml.matchAll(/<numFmt\s[^>]*>/g)) {
		const id = attr(m[0], 'numFmtId');
		const code = attr(m[0], 'formatCode');
		if (id && code) custom.set(id, unescapeXml(code));
	}
	const isTime = (id: string) => {
		const n = Number(id);
		if ((n >= 18 && n <= 22) || (n >= 45 && n <= 47)) return true;
		const code = custom.get(id);
		if (!code) return false;
		const bare = code
			.replace(/"[^"]*"/g, '')
			.replace(/\[(h+|m+|s+)\]/gi, '$1')
			.replace(/\[[^\]]*\]/g, '');
		return /[hs]/i.test(bare);
	};
	const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
	[...xfs.matchAll(/<xf\s[^>]*>/g)].forEach((m, i) => {
		if (isTime(attr(m[0], 'numFmtId') ?? '0')) styles.add(i);
	});
	return styles;
}

/** A spreadsheet time (a fraction of a day, or days and a fraction) as `h:mm:ss` on the clock. */
function clockOf(days: number): string {
	const total = Math.round(days * 86400);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Reads the first sheet of an XLSX workbook; blank rows are skipped, as in a CSV. */
export function readXlsx(bytes: Uint8Array): XlsxRead {
	const notWorkbook = { ok: false as const, message: 'the file is not an .xlsx workbook' };
	if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return notWorkbook;
	let files: Record<string, Uint8Array>;
	let unpacked = 0;
	try {
		files = unzipSync(bytes, {
			filter: (f) => {
				if (!/^(xl\/|\[Content_Types\]\.xml$)/.test(f.name) || !/\.(xml|rels)$/.test(f.name)) {
					return false;
				}
				unpacked += f.originalSize;
				if (unpacked > MAX_XLSX_UNPACKED) throw new RangeError('too large');
				return true;
			}
		});
	} catch (e) {
		if (e instanceof RangeError) {
			return {
				ok: false,
				message: `the workbook unpacks to more than ${MAX_XLSX_UNPACKED.toLocaleString('en')} bytes`
			};
		}
		return notWorkbook;
	}
	const text = (name: string) => (files[name] ? strFromU8(files[name]) : null);
	const workbook = text('xl/workbook.xml');
	if (!workbook) return notWorkbook;
	// The first sheet, through the workbook's relationships.
	const firstSheet = /<sheet\s[^>]*>/.exec(workbook)?.[0];
	const rid = firstSheet ? (attr(firstSheet, 'r:id') ?? attr(firstSheet, '[\\w]+:id')) : null;
	let sheetPath = 'xl/worksheets/sheet1.xml';
	const rels = text('xl/_rels/workbook.xml.rels') ?? '';
	for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
		if (rid && attr(m[0], 'Id') === rid) {
			const target = attr(m[0], 'Target') ?? '';
			sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
		}
	}
	const sheet = text(sheetPath);
	if (!sheet) return { ok: false, message: 'the workbook has no sheet' };
	const shared = [
		...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)
	].map((m) => textOf(m[1] ?? ''));
	const times = timeStyles(text('xl/styles.xml'));

	const rows: CsvField[][] = [];
	let nextRow = 1;
	for (const r of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
		const line = Number(attr(r[1], 'r')) || nextRow;
		nextRow = line + 1;
		const fields: CsvField[] = [];
		let nextColumn = 1;
		for (const c of (r[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const ref = attr(c[1], 'r');
			const column = ref ? columnNumber(/^[A-Z]+/i.exec(ref)?.[0] ?? 'A') : nextColumn;
			nextColumn = column + 1;
			const body = c[2] ?? '';
			const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
			const type = attr(c[1], 't') ?? 'n';
			let value: string;
			if (type === 'inlineStr') value = textOf(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
			else if (v === undefined) value = '';
			else if (type === 's') value = shared[Number(v)] ?? '';
			else if (type === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
			else if (type === 'n') {
				const n = Number(v);
				const style = Number(attr(c[1], 's') ?? 0);
				value = times.has(style) && Number.isFinite(n) ? clockOf(n) : unescapeXml(v);
			} else value = unescapeXml(v);
			if (column > 16384) continue;
			while (fields.length < column - 1)
				fields.push({ value: '', line, column: fields.length + 1 });
			fields[column - 1] = { value, line, column };
		}
		if (fields.some((f) => f.value.trim() !== '')) rows.push(fields);
	}
	return { ok: true, rows };
}
