import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import {
	currentProfile,
	LIST_FIELDS,
	linesOf,
	profileFromForm,
	saveProfile
} from '#lib/server/organisation.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	const stored = await currentProfile();
	const profile = stored?.profile ?? null;
	return {
		rev: stored?.rev ?? 0,
		savedBy: stored ? { name: stored.by.name, at: stored.at } : null,
		values: {
			name: profile?.org.name ?? '',
			shortName: profile?.org.shortName ?? '',
			industry: profile?.org.industry ?? '',
			domain: profile?.org.domain ?? '',
			country: profile?.org.country ?? '',
			people: linesOf(profile, 'people'),
			systems: linesOf(profile, 'systems'),
			ip: linesOf(profile, 'ip'),
			domains: linesOf(profile, 'domains')
		},
		columns: LIST_FIELDS
	};
}) satisfies PageServerLoad;

const text = z.string().max(20_000).default('');
const saveForm = z.object({
	rev: z.coerce.number().int().min(0),
	name: text,
	shortName: text,
	industry: text,
	domain: text,
	country: text,
	people: text,
	systems: text,
	ip: text,
	domains: text
});

export const actions = {
	save: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, saveForm);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const { rev, ...fields } = form.data;
		const parsed = profileFromForm(fields);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: fields });
		if (!(await saveProfile(parsed.profile, rev, user))) {
			return fail(409, {
				errors: {
					form: 'Someone saved the profile while you were editing it. Your text is below: reload the page to see theirs, then apply your changes again.'
				},
				values: fields
			});
		}
		return { saved: true };
	}
} satisfies Actions;
