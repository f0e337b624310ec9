/**
 * A Svelte action that calls `onseen` once an element has been on screen for a moment (or was
 * clicked or focused into), so a "new" mark goes away when the trainee has looked at it rather
 * than as soon as it arrives (seen-watch.ts). Watching waits for the trainee anyway, so its code
 * loads after the page: the play page's first load is on a budget (bench/bundle.ts).
 */
import type { Action } from 'svelte/action';
import type { SeenOptions, watchSeen } from './seen-watch';

export const seenWhenVisible: Action<HTMLElement, SeenOptions> = (node, initial) => {
	let options = initial;
	let watch: ReturnType<typeof watchSeen> | null = null;
	let gone = false;
	void import('./seen-watch').then((m) => {
		if (!gone) watch = m.watchSeen(node, options);
	});
	return {
		update(next) {
			options = next;
			watch?.update(next);
		},
		destroy() {
			gone = true;
			watch?.destroy();
		}
	};
};
