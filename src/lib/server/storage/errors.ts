/** A write refused because what is stored moved on since the writer read it. */
export class WriteConflictError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WriteConflictError';
	}
}

/**
 * The storage cannot be reached (the database is down, restarting or unreachable): nothing was
 * written, and the same request may succeed in a moment. Answered with 503 (hooks handleError,
 * the session commands). `code` is the underlying one (ECONNREFUSED, 57P01...) for /readyz and
 * the metrics, never its message.
 */
export class StorageUnavailableError extends Error {
	readonly code: string;

	constructor(message: string, options: { cause?: unknown; code?: string } = {}) {
		super(message, { cause: options.cause });
		this.name = 'StorageUnavailableError';
		this.code = options.code ?? 'unavailable';
	}
}

/**
 * The storage refused a value as it is (PostgreSQL stores no NUL character in text or JSON):
 * the request's input is at fault, nothing was written. Answered with 400.
 */
export class UnstorableInputError extends Error {
	readonly code: string;

	constructor(message: string, options: { cause?: unknown; code?: string } = {}) {
		super(message, { cause: options.cause });
		this.name = 'UnstorableInputError';
		this.code = options.code ?? 'unstorable';
	}
}

/** What a person is told when the storage cannot be reached: for a write, and for a read. */
export const UNAVAILABLE_WRITE =
	'Not saved: the database cannot be reached right now. Try again in a moment.';
export const UNAVAILABLE_READ = 'The database cannot be reached right now. Try again in a moment.';
/** What a person is told when the storage refuses a character of theirs. */
export const UNSTORABLE_TEXT =
	'The text contains a character that cannot be stored (a NUL character, \\u0000). Remove it and try again.';

/** The storage error behind `e` (itself, or a cause of it), if any. */
export function storageErrorOf(
	e: unknown
): StorageUnavailableError | UnstorableInputError | undefined {
	for (let cause = e, depth = 0; cause instanceof Error && depth < 5; depth++) {
		if (cause instanceof StorageUnavailableError || cause instanceof UnstorableInputError)
			return cause;
		cause = cause.cause;
	}
	return undefined;
}
