import type { LayoutServerLoad } from './$types';

export const load = (({ locals }) => {
	// Only what the header needs: never hashes or tokens.
	const user = locals.user;
	return { user: user && { name: user.name, role: user.role, email: user.email } };
}) satisfies LayoutServerLoad;
