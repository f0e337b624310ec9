/**
 * The console's keyboard shortcuts: which key does what, and when a key press is not ours (typed
 * into a field, with a modifier, or already handled). Pure, so it is tested without a browser.
 */

export type ShortcutAction = 'release' | 'pause' | 'observe' | 'rfis' | 'help';

export const SHORTCUTS: readonly { key: string; action: ShortcutAction; label: string }[] = [
	{ key: 'n', action: 'release', label: 'Release the next inject to all teams' },
	{ key: 'p', action: 'pause', label: 'Pause or resume the clock' },
	{ key: 'o', action: 'observe', label: 'Write an observation on the newest inject' },
	{ key: 'r', action: 'rfis', label: 'Open the requests for information (the oldest open one)' },
	{ key: '?', action: 'help', label: 'Show these shortcuts' }
];

interface KeyLike {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	defaultPrevented: boolean;
	isComposing?: boolean;
	target: unknown;
}

/** Whether `target` takes typing: a text field, a select, or anything editable. */
export function isTyping(target: unknown): boolean {
	if (!target || typeof target !== 'object') return false;
	const el = target as { tagName?: string; isContentEditable?: boolean; type?: string };
	if (el.isContentEditable) return true;
	const tag = (el.tagName ?? '').toUpperCase();
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag !== 'INPUT') return false;
	const type = (el.type ?? 'text').toLowerCase();
	return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file'].includes(
		type
	);
}

/** The action a key press asks for, or null when it is not a shortcut here. */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
	if (event.defaultPrevented || event.isComposing) return null;
	if (event.ctrlKey || event.metaKey || event.altKey) return null;
	if (isTyping(event.target)) return null;
	const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
	return SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}
