/**
 * Scenario files arrive as bytes: they must be UTF-8 (the error says where they are not) and
 * within a size limit counted in UTF-8 bytes, whether the caller has bytes or text.
 */

/** The length of `text` in UTF-8 bytes, without encoding it. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/** The text, or where and why the bytes are not UTF-8. */
type Decoded = { text: string } | { error: string; line: number; column: number };

const FOREIGN_BOMS: [number[], string][] = [
	[[0x00, 0x00, 0xfe, 0xff], 'UTF-32 BE'],
	[[0xff, 0xfe, 0x00, 0x00], 'UTF-32 LE'],
	[[0xfe, 0xff], 'UTF-16 BE'],
	[[0xff, 0xfe], 'UTF-16 LE']
];

/**
 * The text of UTF-8 `bytes` (a UTF-8 byte order mark dropped), or an error at the line and column
 * of the first invalid byte, or for a UTF-16 or UTF-32 byte order mark.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
	for (const [bom, name] of FOREIGN_BOMS) {
		if (bom.every((b, i) => bytes[i] === b)) {
			return {
				error: `must be UTF-8: this file starts with a ${name} byte order mark; save it as UTF-8`,
				line: 1,
				column: 1
			};
		}
	}
	try {
		// The decoder drops a UTF-8 byte order mark itself.
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
	} catch {
		const bad = firstInvalidUtf8(bytes);
		const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
		let line = 1;
		for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
		const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad));
		const column = before.replace(/^\uFEFF/, '').length + 1;
		const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
		return {
			error: `must be UTF-8: byte 0x${hex} at offset ${bad} is not valid UTF-8; save the file as UTF-8`,
			line,
			column
		};
	}
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		let need: number;
		let min: number;
		if (b < 0x80) {
			i++;
			continue;
		} else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
		else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
		else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
		else return i;
		let cp = b & (0x3f >> need);
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined || (c & 0xc0) !== 0x80) return i;
			cp = (cp << 6) | (c & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
		i += need + 1;
	}
	return Math.max(0, bytes.length - 1);
}
