/** Time helpers for the trainee page: countdowns on the scenario clock. */
import { scenarioTime, type ClockState } from '#lib/engine/session/clock.js';

/** Formats a span of milliseconds as `4:05` or `1:02:03` (never negative). */
export function formatSpan(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export interface Countdown {
	/** Scenario ms left until the deadline (0 once passed). */
	leftMs: number;
	/** Real (wall-clock) ms left at the current speed; null while the clock is stopped. */
	realLeftMs: number | null;
	passed: boolean;
}

/** How long until `deadlineMs` on the scenario clock, at the server time `serverNow`. */
export function countdown(clock: ClockState, deadlineMs: number, serverNow: number): Countdown {
	const leftMs = Math.max(0, deadlineMs - scenarioTime(clock, serverNow));
	return {
		leftMs,
		realLeftMs: clock.running && clock.speed > 0 ? leftMs / clock.speed : null,
		passed: leftMs <= 0
	};
}
