/** A write refused because what is stored moved on since the writer read it. */
export class WriteConflictError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WriteConflictError';
	}
}
