/**
 * A Svelte action that calls `onseen` once an element has been on screen for a moment (or was
 * clicked or focused into), so a "new" mark goes away when the trainee has looked at it rather
 * than as soon as it arrives.
 */
import type { Action } from 'svelte/action';

export interface SeenOptions {
	/** Only watched while true (the element is new). */
	active: boolean;
	onseen: () => void;
	/** How long it must stay at least 40% visible. */
	dwellMs?: number;
}

export const seenWhenVisible: Action<HTMLElement, SeenOptions> = (node, initial) => {
	let options = initial;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const cancel = () => {
		if (timer) clearTimeout(timer);
		timer = null;
	};
	const seen = () => {
		cancel();
		if (options.active) options.onseen();
	};
	const observer =
		typeof IntersectionObserver === 'function'
			? new IntersectionObserver(
					(entries) => {
						const visible = entries.some((e) => e.isIntersecting);
						if (!visible || !options.active) return cancel();
						timer ??= setTimeout(seen, options.dwellMs ?? 1500);
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
			node.removeEventListener('pointerdown', seen);
			node.removeEventListener('focusin', seen);
		}
	};
};
