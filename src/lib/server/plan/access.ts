/**
 * Who may do what with the IR plan, and who an edit is recorded as. The plan pages are staff
 * pages; trainees read the current plan through their own session's page instead.
 */
import type { User } from '#lib/server/auth/types.js';
import type { PlanAuthor } from './store';

/** Roles that may read the staff plan pages; only these edit or upload. */
export const PLAN_READERS = ['admin', 'lead', 'facilitator'] as const;
export const PLAN_EDITORS = ['admin', 'lead'] as const;
export const PLAN_UPLOADERS = ['admin'] as const;

/** The author recorded on a plan revision or an item's history: id and display name only. */
export function authorOf(user: User): PlanAuthor {
	return { id: user.id, name: user.name };
}
