/**
 * An ISO timestamp as `2026-03-01 09:00 UTC`: the same on the server and in the browser, so
 * pages hydrate without a mismatch whatever the visitor's time zone.
 */
export function formatTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
