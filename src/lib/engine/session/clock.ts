/**
 * The scenario clock: scenario milliseconds as a function of wall-clock milliseconds, running at
 * `speed` scenario minutes per real minute, frozen while paused. Pure; the caller passes `now`.
 */

export interface ClockState {
	running: boolean;
	speed: number;
	/** Scenario ms at the wall-clock instant `since`. */
	baseMs: number;
	/** Wall-clock ms when the clock last started, resumed or changed speed; null when stopped. */
	since: number | null;
}

export const STOPPED_CLOCK: ClockState = { running: false, speed: 1, baseMs: 0, since: null };

/** Scenario time at wall-clock `now`. */
export function scenarioTime(clock: ClockState, now: number): number {
	if (!clock.running || clock.since === null) return clock.baseMs;
	return clock.baseMs + Math.max(0, now - clock.since) * clock.speed;
}

/** Wall-clock time at which the clock will read `scenarioMs`, or null if it is not running. */
export function wallTimeAt(clock: ClockState, scenarioMs: number): number | null {
	if (!clock.running || clock.since === null) return null;
	return clock.since + Math.max(0, scenarioMs - clock.baseMs) / clock.speed;
}

/** Starts or resumes the clock at wall-clock `now`. */
export function startClock(clock: ClockState, now: number): ClockState {
	if (clock.running) return clock;
	return { ...clock, running: true, since: now };
}

/** Pauses the clock at wall-clock `now`, keeping the scenario time reached. */
export function pauseClock(clock: ClockState, now: number): ClockState {
	if (!clock.running) return clock;
	return { ...clock, running: false, baseMs: scenarioTime(clock, now), since: null };
}

/** Changes the speed from wall-clock `now` on, without a jump in scenario time. */
export function setSpeed(clock: ClockState, speed: number, now: number): ClockState {
	const baseMs = scenarioTime(clock, now);
	return { ...clock, speed, baseMs, since: clock.running ? now : null };
}

/** Moves the scenario clock to `scenarioMs` at wall-clock `now`; it keeps running if it was. */
export function skipClock(clock: ClockState, scenarioMs: number, now: number): ClockState {
	return { ...clock, baseMs: scenarioMs, since: clock.running ? now : null };
}

/** Formats scenario ms as `+1:05:30` / `+12:05` for display. */
export function formatScenarioTime(ms: number): string {
	const total = Math.floor(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = String(m).padStart(2, '0');
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `+${h}:${mm}:${ss}` : `+${mm}:${ss}`;
}

/**
 * Reads a scenario time as people write it: `+1:05:30`, `12:05` (minutes and seconds), `20m`,
 * `1h30m`, `90s`, or a bare number of minutes. Null when it is none of these.
 */
export function parseScenarioTime(text: string): number | null {
	const t = text.trim().replace(/^\+/, '');
	const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(t);
	if (clock) {
		const [, h, m, s] = clock;
		if (Number(s) > 59 || (h !== undefined && Number(m) > 59)) return null;
		return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000;
	}
	if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 60_000);
	const span = /^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
	if (!span || t === '') return null;
	const [, h, m, s] = span;
	return Math.round(((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000);
}
