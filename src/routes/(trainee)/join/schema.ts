/** The join form (step 2): the code again, a display name, a team and a role. */
import { z } from 'zod';

export const MAX_NAME = 60;

export const joinForm = z.object({
	code: z.string().trim().min(1, 'Enter the join code.').max(40, 'That is not a join code.'),
	name: z
		.string({ error: 'Enter your name.' })
		.trim()
		.min(1, 'Enter your name.')
		.max(MAX_NAME, `Use at most ${MAX_NAME} characters.`),
	team: z.string({ error: 'Choose a team.' }).min(1, 'Choose a team.').max(100),
	role: z.string({ error: 'Choose a role.' }).min(1, 'Choose a role.').max(100)
});
