/**
 * How the room's forms post with JavaScript: the answer lands in the page's `form` (a refusal
 * shows beside the form that was sent, with what was typed), and what was written comes back
 * through the live stream, so the page's data is not loaded again for every message.
 */
import type { SubmitFunction } from '$app/forms';

export function roomSubmit(options: { reset?: boolean; onsent?: () => void } = {}): SubmitFunction {
	return () =>
		async ({ result, update }) => {
			await update({ invalidateAll: false, reset: options.reset ?? true });
			if (result.type === 'success') options.onsent?.();
		};
}
