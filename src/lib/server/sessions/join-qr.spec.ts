import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { joinQrSvg, joinUrl } from './join-qr';

describe('join QR code', () => {
	it('is the join link with the code, as /join reads it', () => {
		expect(joinUrl('https://sandtable.example', 'ABCDE-FGHIJ')).toBe(
			'https://sandtable.example/join?code=ABCDE-FGHIJ'
		);
	});

	it('is plain SVG markup of our own: a square and one path, nothing to run', () => {
		const url = joinUrl('https://sandtable.example', 'ABCDE-FGHIJ');
		const svg = joinQrSvg(url);
		expect(svg).toMatch(
			/^<svg shape-rendering="crispEdges" aria-hidden="true" focusable="false" xmlns/
		);
		expect(svg.endsWith('</svg>')).toBe(true);
		const tags = [...svg.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
		expect(new Set(tags)).toEqual(new Set(['svg', 'rect', 'path']));
		expect(svg).not.toMatch(/script|on[a-z]+=|href|style/i);
		// One unit per module plus the border of 2 on each side.
		const size = encode(url, { ecc: 'M', border: 2 }).size;
		expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
	});
});
