/**
 * Applying the trainee stream to a view: `view` messages replace it, `patch` messages replace or
 * insert injects by id and swap the parts that changed. Pure, so the rune store and its tests
 * share it; everything here came from the server's traineeView/traineePatch, nothing is added.
 */
import type { TraineePatch } from '#lib/engine/session/trainee-patch.js';
import type { TraineeInject, TraineeView } from '#lib/engine/session/trainee-view.js';
import type { TraineeStreamEvents } from '#lib/live/messages.js';

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
