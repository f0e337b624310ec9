/**
 * Canonical JSON: the one serialisation of a value that the scenario content hash covers, so that
 * two files that mean the same thing (keys in another order, other whitespace) hash the same.
 */

/**
 * Serialises `value` as JSON with object keys sorted (by UTF-16 code units) at every depth, no
 * whitespace, and `undefined` properties dropped; otherwise it follows `JSON.stringify`.
 */
export function canonicalJson(value: unknown): string {
	return write(value, new Set()) ?? 'null';
}

function write(value: unknown, ancestors: Set<object>): string | undefined {
	if (value !== null && typeof value === 'object' && 'toJSON' in value) {
		const toJSON = (value as { toJSON: unknown }).toJSON;
		if (typeof toJSON === 'function') value = toJSON.call(value);
	}
	if (value === null || typeof value !== 'object') {
		// Primitives as JSON has them: undefined, functions and symbols vanish, NaN becomes null.
		if (typeof value === 'bigint') throw new TypeError('canonicalJson: cannot serialise a BigInt');
		return JSON.stringify(value);
	}
	if (ancestors.has(value)) throw new TypeError('canonicalJson: cannot serialise a cycle');
	ancestors.add(value);
	let out: string;
	if (Array.isArray(value)) {
		out = `[${value.map((item) => write(item, ancestors) ?? 'null').join(',')}]`;
	} else {
		// Sorting explicitly: integer-like keys ("10", "9") would otherwise keep JS object order.
		const parts: string[] = [];
		for (const key of Object.keys(value).sort()) {
			const item = write((value as Record<string, unknown>)[key], ancestors);
			if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
		}
		out = `{${parts.join(',')}}`;
	}
	ancestors.delete(value);
	return out;
}
