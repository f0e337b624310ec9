/**
 * The retention policy (issue 17): which ended sessions are due to be anonymised, from the
 * session index and a clock (pure, so it is tested with any time).
 */
import type { SessionMeta } from '../storage/sessions';

export const DAY_MS = 86_400_000;

/**
 * Ids of the sessions `days` or more days past their end at `now` that are not anonymised yet;
 * none when `days` is null (no retention period: sessions are kept as they are).
 */
export function dueForAnonymising(
	sessions: readonly SessionMeta[],
	days: number | null,
	now: number
): string[] {
	if (days === null) return [];
	return sessions
		.filter(
			(m) =>
				m.status === 'ended' &&
				m.endedAt !== null &&
				m.anonymisedAt === undefined &&
				now - m.endedAt >= days * DAY_MS
		)
		.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
		.map((m) => m.id);
}

/** The retention setting in words, for the admin page. */
export function describeRetention(days: number | null): string {
	if (days === null) return 'Ended sessions are kept as they are (RETENTION_DAYS is not set).';
	if (days === 0) return 'Ended sessions are anonymised at the next sweep after they end.';
	return `Ended sessions are anonymised ${days} ${days === 1 ? 'day' : 'days'} after they end.`;
}
