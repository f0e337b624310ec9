import { utcMinuteOr } from '#lib/format/time.js';

/** An ISO timestamp as `2026-03-01 09:00 UTC`, or the text as given when it is not one. */
export function formatTime(iso: string): string {
	return utcMinuteOr(Date.parse(iso), iso);
}
