/** Account roles. Trainees have no account: they join a session with a code. */
export type Role = 'admin' | 'lead' | 'facilitator';
export const ROLES: readonly Role[] = ['admin', 'lead', 'facilitator'];

/** A signed-in person, as routes see it (never the password hash). */
export interface User {
	id: string;
	email: string;
	name: string;
	role: Role;
}
