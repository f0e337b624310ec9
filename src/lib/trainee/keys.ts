/**
 * Idempotency keys for answers made in the browser (for injects that arrived after the page
 * loaded). crypto.randomUUID exists only in secure contexts, and a training room may well serve
 * the app over plain http on a LAN address, so fall back to getRandomValues.
 */
function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The idempotency key each decision's next answer is sent with. Plain (not reactive) on
 * purpose: a key is created the first time a form asks for it, while rendering.
 */
export class KeyRing {
	private readonly keys = new Map<string, string>();

	constructor(initial: Record<string, string> = {}) {
		this.add(initial);
	}

	/** Takes keys made by the server (page load); they replace older ones. */
	add(keys: Record<string, string>): void {
		for (const [k, v] of Object.entries(keys)) this.keys.set(k, v);
	}

	/** The key for `decision` (an `injectId/decisionId`), made on first use. */
	get(decision: string): string {
		let key = this.keys.get(decision);
		if (!key) {
			key = newIdempotencyKey();
			this.keys.set(decision, key);
		}
		return key;
	}

	/** Replaces the key for `decision`: the next answer is a new one, not a repeat. */
	renew(decision: string): void {
		this.keys.set(decision, newIdempotencyKey());
	}
}
