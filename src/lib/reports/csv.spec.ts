import { describe, expect, it } from 'vitest';
import { csvCell, csvTable } from './csv';

describe('CSV', () => {
	it('quotes separators and defuses formulas', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell('-2')).toBe("'-2");
		expect(csvCell(-2)).toBe('-2');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('yes');
	});

	it('writes negative numbers as numbers and defuses text that starts like a formula', () => {
		expect(csvCell(-6.8)).toBe('-6.8');
		expect(csvCell(-6.8, 'always')).toBe('"-6.8"');
		expect(csvCell('-x')).toBe("'-x");
		expect(csvCell('=1+1', 'always')).toBe(`"'=1+1"`);
		expect(csvCell('+cmd')).toBe("'+cmd");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('\rx')).toBe(`"'\rx"`);
		expect(csvCell('a-b=c')).toBe('a-b=c');
	});

	it('leaves a number that is not finite empty', () => {
		expect(csvCell(Number.NaN)).toBe('');
		expect(csvCell(Infinity, 'always')).toBe('""');
	});

	it('ends every record in CRLF and quotes a line break inside a field', () => {
		expect(
			csvTable(
				['name', 'score'],
				[
					['Ana\nB', -6.8],
					[null, 0]
				]
			)
		).toBe('name,score\r\n"Ana\nB",-6.8\r\n,0\r\n');
		expect(csvTable(['a', 'b'], [[1, '-x']], 'always')).toBe(`"a","b"\r\n"1","'-x"\r\n`);
	});
});
