/**
 * What changed for the trainee between two views, as the live store tells it: the cards that
 * arrived (scripted injects and improvised ones, to mark new) and the sentences to announce to
 * screen readers. Pure; it loads with the live stream (live-updates.ts), not with the page.
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import { addedInjects } from './patch';

export interface News {
	/** Ids of the feed's cards that arrived. */
	added: string[];
	/** Sentences for the screen reader, in order. */
	said: string[];
}

export function news(before: TraineeView, next: TraineeView): News {
	const said: string[] = [];
	const added = [
		...addedInjects(before, next),
		...next.room.improvised.filter((u) => !before.room.improvised.some((b) => b.id === u.id))
	];
	for (const inject of added) said.push(`New inject: ${inject.title} (${inject.channel})`);
	for (const inject of next.injects) {
		const was = before.injects.find((i) => i.id === inject.id);
		for (const d of inject.decisions)
			if (d.status === 'expired' && was?.decisions.find((x) => x.id === d.id)?.status === 'open')
				said.push(`The deadline passed: ${inject.title}.`);
	}
	if (before.status !== next.status) said.push(statusSentence(next));
	if (!before.revealed && next.revealed) said.push('The facilitator revealed the answers.');
	if (!before.team.ending && next.team.ending)
		said.push(
			next.team.ending.outcome === 'ended-early'
				? `The exercise ended before your team reached an outcome`
				: `Your team reached an ending: ${next.team.ending.title}`
		);
	return { added: added.map((i) => i.id), said };
}

/** A sentence describing the session's status, for people and screen readers. */
function statusSentence(view: TraineeView): string {
	switch (view.status) {
		case 'lobby':
			return 'Waiting for the facilitator to start.';
		case 'running':
			return 'The exercise is running.';
		case 'paused':
			return 'The facilitator paused the exercise; the clock is stopped.';
		case 'ended':
			return 'The exercise has ended.';
	}
}
