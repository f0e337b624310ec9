import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, MAX_XLSX_UNPACKED, readXlsx, writeXlsx } from './xlsx';

const values = (rows: { value: string }[][]) => rows.map((r) => r.map((f) => f.value));

/** A workbook as a spreadsheet program writes it: shared strings, styles, a gap in a row. */
function excelLike(): Uint8Array {
	const xml = (s: string) => strToU8(`<?xml version="1.0" encoding="UTF-8"?>\n${s}`);
	return zipSync({
		'[Content_Types].xml': xml('<Types/>'),
		'xl/workbook.xml': xml(
			'<workbook xmlns:r="r"><sheets><sheet name="Plan" sheetId="3" r:id="rId7"/></sheets></workbook>'
		),
		'xl/_rels/workbook.xml.rels': xml(
			'<Relationships><Relationship Id="rId7" Type="ws" Target="worksheets/sheet3.xml"/></Relationships>'
		),
		'xl/sharedStrings.xml': xml(
			'<sst><si><t>Time</t></si><si><r><rPr><b/></rPr><t>In</t></r><r><t xml:space="preserve">ject </t></r><rPh><t>x</t></rPh></si>' +
				'<si><t>A &amp; B &lt;ops&gt; line_x000D_\r\ntwo</t></si></sst>'
		),
		'xl/styles.xml': xml(
			'<styleSheet><numFmts><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>' +
				'<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="20"/><xf numFmtId="2"/></cellXfs></styleSheet>'
		),
		'xl/worksheets/sheet3.xml': xml(
			'<worksheet><sheetData>' +
				'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
				'<row r="2"/>' +
				'<row r="4"><c r="A4" s="1"><v>0.0104166666666667</v></c><c r="B4" s="3"><v>15</v></c><c r="C4" t="s"><v>2</v></c><c r="D4" t="b"><v>1</v></c>' +
				'<c r="E4" t="str"><f>A1</f><v>Time</v></c><c r="F4" s="2"><v>1.5</v></c></row>' +
				'</sheetData></worksheet>'
		)
	});
}

describe('XLSX', () => {
	it('names columns as spreadsheets do', () => {
		expect([1, 26, 27, 52, 703].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
	});

	it('reads back what it writes: text (any characters), numbers, empty cells', () => {
		const rows = [
			['=cmd|calc', 'a & b <c> "d"', 'line\nbreak', ''],
			[42, 'ünïcödé ✓', "it's", 'x']
		];
		const bytes = writeXlsx('MSEL: [test]', ['One', 'Two', 'Three', 'Four'], rows);
		const read = readXlsx(bytes);
		if (!read.ok) throw new Error(read.message);
		expect(values(read.rows)).toEqual([
			['One', 'Two', 'Three', 'Four'],
			['=cmd|calc', 'a & b <c> "d"', 'line\nbreak', ''],
			['42', 'ünïcödé ✓', "it's", 'x']
		]);
		expect(read.rows[2][1]).toMatchObject({ line: 3, column: 2 });
		// Inline strings only: nothing a spreadsheet would run as a formula.
		expect(new TextDecoder().decode(bytes)).not.toContain('<f>');
	});

	it('reads a spreadsheet program’s workbook: shared and rich strings, times, gaps, the first sheet', () => {
		const read = readXlsx(excelLike());
		if (!read.ok) throw new Error(read.message);
		expect(values(read.rows)).toEqual([
			['Time', '', 'Inject '],
			['0:15:00', '15', 'A & B <ops> line\ntwo', 'TRUE', 'Time', '36:00:00']
		]);
		// Rows and columns as in the sheet (row 4), blank rows skipped.
		expect(read.rows[1][2]).toMatchObject({ line: 4, column: 3 });
	});

	it('refuses what is not a workbook, and one that unpacks too large', () => {
		expect(readXlsx(strToU8('Time,Inject\n0:15,x'))).toEqual({
			ok: false,
			message: 'the file is not an .xlsx workbook'
		});
		expect(readXlsx(zipSync({ 'a.txt': strToU8('x') }))).toMatchObject({ ok: false });
		const bomb = zipSync(
			{ 'xl/worksheets/sheet1.xml': new Uint8Array(MAX_XLSX_UNPACKED + 1) },
			{ level: 9 }
		);
		expect(bomb.length).toBeLessThan(100_000);
		expect(readXlsx(bomb)).toMatchObject({
			ok: false,
			message: expect.stringContaining('unpacks to more than')
		});
	});
});
