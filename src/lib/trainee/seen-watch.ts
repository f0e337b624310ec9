/**
 * Calls `onseen` once an element has been on screen for a moment (or was clicked or focused
 * into), so a "new" mark goes away when the trainee has looked at it rather than as soon as it
 * arrives. Used through the `seenWhenVisible` action (seen-action.ts), which loads this after
 * the page.
 */
import type { ActionReturn } from 'svelte/action';

export interface SeenOptions {
	/** Only watched while true (the element is new). */
	active: boolean;
	onseen: () => void;
	/** How long it must stay at least 40% visible. */
	dwellMs?: number;
}

export function watchSeen(
	node: HTMLElement,
	initial: SeenOptions
): Required<Pick<ActionReturn<SeenOptions>, 'update' | 'destroy'>> {
	let options = initial;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let onScreen = false;
	const cancel = () => {
		if (timer) clearTimeout(timer);
		timer = null;
	};
	const wait = () => {
		if (onScreen && options.active) timer ??= setTimeout(seen, options.dwellMs ?? 1500);
	};
	// A card "on screen" in a background tab has not been looked at: wait for the tab to return.
	const seen = () => {
		cancel();
		if (!options.active) return;
		if (document.visibilityState === 'hidden') {
			document.addEventListener('visibilitychange', wait, { once: true });
			return;
		}
		options.onseen();
	};
	const observer =
		typeof IntersectionObserver === 'function'
			? new IntersectionObserver(
					(entries) => {
						onScreen = entries.some((e) => e.isIntersecting);
						if (!onScreen || !options.active) return cancel();
						wait();
					},
					{ threshold: 0.4 }
				)
			: null;
	observer?.observe(node);
	node.addEventListener('pointerdown', seen);
	node.addEventListener('focusin', seen);
	return {
		update(next) {
			options = next;
			if (!next.active) cancel();
			else if (observer) {
				// Re-check: an element already on screen gets no new intersection event.
				observer.unobserve(node);
				observer.observe(node);
			}
		},
		destroy() {
			cancel();
			observer?.disconnect();
			document.removeEventListener('visibilitychange', wait);
			node.removeEventListener('pointerdown', seen);
			node.removeEventListener('focusin', seen);
		}
	};
}
