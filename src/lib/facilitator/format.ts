/**
 * Small formatting helpers for the facilitator's pages, shared by the server render and the
 * browser so both print the same text (no locale- or time-zone-dependent output).
 */
import { utcMinuteOr } from '#lib/format/time.js';

/** Scenario ms as a compact offset: `+0m`, `+25m`, `+1h05m`, `+2h`, `+90s`. */
export function formatOffset(ms: number): string {
	const totalSeconds = Math.round(Math.max(0, ms) / 1000);
	if (totalSeconds < 60 && totalSeconds > 0) return `+${totalSeconds}s`;
	const minutes = Math.round(totalSeconds / 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return `+${m}m`;
	return m === 0 ? `+${h}h` : `+${h}h${String(m).padStart(2, '0')}m`;
}

/** A span of scenario time without the sign: `5m`, `1h30m`, `45s`. */
export function formatSpan(ms: number): string {
	return formatOffset(ms).slice(1);
}

/** A countdown to a scenario time: `4:05 left`, or `overdue 0:30` once it has passed. */
export function formatCountdown(targetMs: number, nowMs: number): string {
	const diff = targetMs - nowMs;
	const total = Math.floor(Math.abs(diff) / 1000);
	const text = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
	return diff >= 0 ? `${text} left` : `overdue ${text}`;
}

/** Minutes as a duration range for people: `45-90 min`. */
export function formatMinutesRange(min: number, max: number): string {
	return min === max ? `${min} min` : `${min}-${max} min`;
}

/** A wall-clock timestamp (ms) as `2026-03-01 09:00 UTC`, the same on server and browser. */
export function formatWallTime(ms: number | null): string {
	return utcMinuteOr(ms, '—');
}

/** Cuts `text` to at most `max` characters, ending with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}
