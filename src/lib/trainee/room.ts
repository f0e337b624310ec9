/**
 * The room (issue 13) as the trainee's pages count it: messages that arrived since the trainee
 * last had the room open (a count remembered in localStorage per session and participant, as
 * seen.ts remembers injects), the unread ones that mention their role, and their team's
 * questions to exercise control still waiting. The play page's room link gets its counts through
 * the live store, which loads this with the stream (live-updates.ts): they need localStorage, so
 * nothing of it is needed to show the page.
 */
import type { ChatView, TraineeRoom } from '#lib/engine/session/room-view.js';
import type { TraineeView } from '#lib/engine/session/trainee-view.js';

const PREFIX = 'sandtable:room-seen:';

type Room = Pick<TraineeRoom, 'channels'>;

/** How many messages the trainee had seen in the room; 0 when never, or storage is unusable. */
export function loadRoomSeen(
	storage: Storage | null,
	sessionId: string,
	participantId: string
): number {
	try {
		const n = Number(storage?.getItem(`${PREFIX}${sessionId}:${participantId}`));
		return Number.isInteger(n) && n > 0 ? n : 0;
	} catch {
		return 0;
	}
}

/** Remembers that the trainee has seen `count` messages; full or disabled storage costs the count. */
export function saveRoomSeen(
	storage: Storage | null,
	sessionId: string,
	participantId: string,
	count: number
): void {
	try {
		storage?.setItem(`${PREFIX}${sessionId}:${participantId}`, String(count));
	} catch {
		// Private mode or quota: nothing to do.
	}
}

/** Every message of the trainee's channels (their team's and the room's). */
export function messageCount(room: Room): number {
	return room.channels.reduce((n, c) => n + c.messages.length, 0);
}

/** True when the message names the trainee's role as `@role-id`. */
export const mentionsRole = (m: Pick<ChatView, 'mentions'>, role: string) =>
	m.mentions.includes(role);

/**
 * Messages beyond the `seen` first ones (channels interleaved by time), and how many of those
 * mention `role`. Messages are never removed, so a count is enough to know what is new.
 */
export function unread(room: Room, seen: number, role: string) {
	const all = room.channels.flatMap((c) => c.messages).sort((a, b) => a.at - b.at);
	const fresh = all.slice(Math.min(seen, all.length));
	return { messages: fresh.length, mentions: fresh.filter((m) => mentionsRole(m, role)).length };
}

/** The team's questions to exercise control without an answer yet. */
export const openRfis = (room: Pick<TraineeRoom, 'rfis'>) =>
	room.rfis.filter((r) => r.answer === null).length;

/** What the play page's room link counts. */
export interface RoomCounts {
	/** Messages that arrived since the trainee last had the room open. */
	messages: number;
	/** Those that mention the trainee's role. */
	mentions: number;
	/** The team's questions to exercise control still waiting. */
	rfis: number;
}

/** The room link's counts for `view`, from what this browser saw in the room (`storage`). */
export function roomCounts(
	view: Pick<TraineeView, 'sessionId' | 'me' | 'room'>,
	storage: Storage | null
): RoomCounts {
	const seen = loadRoomSeen(storage, view.sessionId, view.me.id);
	return { ...unread(view.room, seen, view.me.role), rfis: openRfis(view.room) };
}
