import { describe, expect, it } from 'vitest';
import { decodeUtf8, utf8Length } from './decode';

const encode = (text: string) => new TextEncoder().encode(text);

describe('decoding a scenario file', () => {
	it('counts UTF-8 bytes as the encoder does, surrogate pairs included', () => {
		for (const text of ['plain', 'é', '€ and ✓', '🔥 fire', 'lone \ud800 surrogate']) {
			expect(utf8Length(text)).toBe(encode(text).byteLength);
		}
	});

	it('gives the text of UTF-8 bytes without a byte order mark', () => {
		expect(decodeUtf8(encode('\uFEFFid: é'))).toEqual({ text: 'id: é' });
	});

	it('points at the first byte that is not UTF-8, by line and column', () => {
		const bytes = new Uint8Array([...encode('a: 1\nbé: '), 0xc3, 0x28]);
		expect(decodeUtf8(bytes)).toEqual({
			error: 'must be UTF-8: byte 0xC3 at offset 10 is not valid UTF-8; save the file as UTF-8',
			line: 2,
			column: 5
		});
	});

	it('refuses overlong encodings and UTF-16 files', () => {
		expect(decodeUtf8(new Uint8Array([0x61, 0xc0, 0xaf]))).toMatchObject({ line: 1, column: 2 });
		expect(decodeUtf8(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toMatchObject({
			error: 'must be UTF-8: this file starts with a UTF-16 LE byte order mark; save it as UTF-8'
		});
	});
});
