/**
 * A real-time span in words (`45 s`, `3 min 5 s`, `1 h 2 min`): RFI response times in the
 * debrief page and its Markdown export, the same on the server and in the browser.
 */
export function durationText(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
	const total = Math.round(Math.max(0, ms) / 1000);
	if (total < 60) return `${total} s`;
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	// Seconds stop mattering once a wait is counted in hours.
	if (h > 0) return m === 0 ? `${h} h` : `${h} h ${m} min`;
	return s === 0 ? `${m} min` : `${m} min ${s} s`;
}
