/**
 * What the team room's forms show (issue 13): the refusal of the form that was sent, whether an
 * action was just taken, and how long exercise control took to answer, in words. The room page
 * only (the play page's improvised-inject reply reads its refusal itself, to stay small).
 */

/** A response time in words: "under a minute", "4 min", "1 h 05 min". */
export function waited(ms: number): string {
	const minutes = Math.floor(Math.max(0, ms) / 60_000);
	if (minutes < 1) return 'under a minute';
	if (minutes < 60) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A room action's refusal as the page shows it: the sentence and the fields as sent. */
export interface RoomProblem {
	message: string;
	values: Record<string, string | undefined>;
}

/**
 * The refusal of room action `action` in a page's `form` (room-actions.ts answers
 * `{ room: { action, message, values } }`), when the values sent match `match` (which item's
 * form it was); else null.
 */
export function roomProblem(
	form: unknown,
	action: string,
	match: Record<string, string> = {}
): RoomProblem | null {
	const room = (form as { room?: { action?: string; message?: string; values?: object } } | null)
		?.room;
	if (room?.action !== action || !room.message) return null;
	const values = (room.values ?? {}) as RoomProblem['values'];
	return Object.entries(match).every(([k, v]) => values[k] === v)
		? { message: room.message, values }
		: null;
}

/** Whether `form` says room action `action` was just taken. */
export const roomDone = (form: unknown, action: string) => {
	const room = (form as { room?: { action?: string; done?: boolean } } | null)?.room;
	return room?.action === action && room.done === true;
};
