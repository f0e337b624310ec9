/**
 * Applying the trainee stream to a view: `view` messages replace it, `patch` messages replace or
 * insert injects by id and swap the parts that changed. Pure, so the rune store and its tests
 * share it; everything here came from the server's traineeView/traineePatch, nothing is added.
 */
import type { TraineePatch } from '#lib/engine/session/trainee-patch.js';
import type { TraineeInject, TraineeView } from '#lib/engine/session/trainee-view.js';
import type { TraineeStreamEvents } from '#lib/live/messages.js';
import type { TraineeRoom, TraineeRoomPatch } from '#lib/engine/session/room-view.js';

/** A `view` message of the trainee stream: the whole view and the server's clock. */
export type ViewMessage = TraineeStreamEvents['view'];
/** A `patch` message of the trainee stream. */
export type PatchMessage = TraineeStreamEvents['patch'];

/** Replaces injects that share an id and appends the others, keeping release order. */
export function mergeInjects(
	current: readonly TraineeInject[],
	changed: readonly TraineeInject[]
): TraineeInject[] {
	const byId = new Map(changed.map((inject) => [inject.id, inject]));
	const merged = current.map((inject) => byId.get(inject.id) ?? inject);
	const known = new Set(current.map((inject) => inject.id));
	for (const inject of changed) if (!known.has(inject.id)) merged.push(inject);
	return merged;
}

/**
 * The view after `patch`; the same object when the patch is not newer than the view (a message
 * already applied, or one older than a fresher page load).
 */
export function applyPatch(view: TraineeView, patch: TraineePatch): TraineeView {
	if (patch.seq <= view.seq) return view;
	if (patch.view) return patch.view;
	const next: TraineeView = { ...view, seq: patch.seq };
	if (patch.status !== undefined) next.status = patch.status;
	if (patch.revealed !== undefined) next.revealed = patch.revealed;
	if (patch.clock !== undefined) next.clock = patch.clock;
	if (patch.team !== undefined) next.team = patch.team;
	if (patch.injects) next.injects = mergeInjects(view.injects, patch.injects);
	if (patch.room) next.room = mergeRoom(view.room, patch.room);
	return next;
}

/** Replaces items that share an id and appends the others. */
function upsert<T extends { id: string }>(current: readonly T[], changed: readonly T[]): T[] {
	const byId = new Map(changed.map((item) => [item.id, item]));
	const merged = current.map((item) => byId.get(item.id) ?? item);
	const known = new Set(current.map((item) => item.id));
	for (const item of changed) if (!known.has(item.id)) merged.push(item);
	return merged;
}

/** The room after a room patch: messages appended to their channel, the rest replaced by id. */
export function mergeRoom(room: TraineeRoom, patch: TraineeRoomPatch): TraineeRoom {
	const next: TraineeRoom = { ...room };
	if (patch.messages) {
		next.channels = room.channels.map((channel) => {
			const added = patch.messages!.filter((m) => m.channel === channel.id);
			return added.length > 0 ? { ...channel, messages: upsert(channel.messages, added) } : channel;
		});
	}
	if (patch.rfis) next.rfis = upsert(room.rfis, patch.rfis);
	if (patch.improvised) next.improvised = upsert(room.improvised, patch.improvised);
	if (patch.record) next.record = patch.record;
	if (patch.myForm !== undefined) next.myForm = patch.myForm;
	return next;
}

/** Injects in `after` that `before` did not have, in release order. */
export function addedInjects(before: TraineeView, after: TraineeView): TraineeInject[] {
	const known = new Set(before.injects.map((inject) => inject.id));
	return after.injects.filter((inject) => !known.has(inject.id));
}

/** Strips the transport field from a stream message. */
export function withoutServerNow<T extends { serverNow: number }>(
	message: T
): Omit<T, 'serverNow'> {
	const { serverNow: _, ...rest } = message;
	return rest;
}
