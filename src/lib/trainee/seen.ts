/**
 * Which injects a trainee has already seen, remembered per session and participant in
 * localStorage, so "new" marks survive a reload but not a different person on the same browser.
 */
const PREFIX = 'sandtable:seen:';
/** Enough for any scenario (at most 300 injects); older entries are dropped first. */
const MAX_REMEMBERED = 400;

function key(sessionId: string, participantId: string): string {
	return `${PREFIX}${sessionId}:${participantId}`;
}

/** The inject ids seen so far; empty when storage is unavailable or holds garbage. */
export function loadSeen(storage: Storage | null, sessionId: string, participantId: string) {
	try {
		const raw = storage?.getItem(key(sessionId, participantId));
		const parsed: unknown = raw ? JSON.parse(raw) : [];
		return new Set(Array.isArray(parsed) ? parsed.filter((v) => typeof v === 'string') : []);
	} catch {
		return new Set<string>();
	}
}

/** Stores the seen ids; storage that is full or disabled only costs the "new" marks. */
export function saveSeen(
	storage: Storage | null,
	sessionId: string,
	participantId: string,
	seen: ReadonlySet<string>
): void {
	try {
		const ids = [...seen].slice(-MAX_REMEMBERED);
		storage?.setItem(key(sessionId, participantId), JSON.stringify(ids));
	} catch {
		// Private mode or quota: nothing to do.
	}
}

/** `set` with `ids` added, as a new set (the store replaces sets rather than mutating them). */
export function withIds(set: ReadonlySet<string>, ids: Iterable<string>): ReadonlySet<string> {
	return new Set([...set, ...ids]);
}

/** `set` without `id`, as a new set. */
export function withoutId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
	const next = new Set(set);
	next.delete(id);
	return next;
}

/** An empty set of ids. */
export function noIds(): ReadonlySet<string> {
	return new Set();
}
