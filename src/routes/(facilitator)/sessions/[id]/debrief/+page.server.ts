import { fail } from '@sveltejs/kit';
import { MAX_SIGN_OFF_COMMENT } from '#lib/engine/session/commands.js';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import {
	debriefFor,
	debriefs,
	debriefSession,
	findingsFromText,
	refuseTrainees,
	roomHtml
} from '#lib/server/debrief.js';
import { readForm } from '#lib/server/http.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { staffMay } from '#lib/server/sessions/access.js';
import { signOff } from '#lib/server/sessions/service.js';
import { findingsSchema, signOffSchema } from './findings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	// A trainee's browser gets 403 here, not the sign-in page: the debrief is not theirs to see.
	refuseTrainees(event, event.params.id);
	requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const { session, user } = await debriefSession(event, event.params.id, 'view');
	const { debrief, items, answers, edited } = await debriefFor(session);
	const { scenario } = session;
	return {
		debrief,
		items,
		answers,
		edited,
		status: session.state.status,
		revealed: session.state.revealed,
		// Issue 17: when its trainees' names were replaced by pseudonyms; admins may erase it.
		anonymisedAt: session.meta.anonymisedAt ?? null,
		mayErase: user.role === 'admin',
		canEdit: staffMay(user, session.meta.facilitatorId, 'control'),
		// Issue 16: leads and admins sign off an ended session's report, once per account.
		signOff: {
			mayRole: user.role === 'lead' || user.role === 'admin',
			signed: debrief.signOffs.some((s) => s.accountId === user.id),
			name: user.name
		},
		maxSignOffComment: MAX_SIGN_OFF_COMMENT,
		roleNames: Object.fromEntries(scenario.roles.map((r) => [r.id, r.name])),
		// Scenario Markdown, rendered and sanitized on the server (cached per text).
		summaryHtml: renderMarkdown(debrief.overview.summary),
		threatActorHtml: debrief.overview.context.threatActor?.description
			? renderMarkdown(debrief.overview.context.threatActor.description)
			: null,
		endingHtml: Object.fromEntries(
			Object.entries(debrief.endings).map(([teamId, e]) => [
				teamId,
				e ? renderMarkdown(e.summary) : null
			])
		),
		// What trainees and control wrote in the room, rendered and sanitized here, never raw.
		roomHtml: roomHtml(debrief.room, renderMarkdown)
	};
}) satisfies PageServerLoad;

export const actions = {
	findings: async (event) => {
		const { session, user } = await debriefSession(event, event.params.id, 'control');
		const form = await readForm(event.request, findingsSchema);
		if ('errors' in form) {
			return fail(400, { findings: { message: Object.values(form.errors)[0] } });
		}
		const findings = {
			strengths: findingsFromText(form.data.strengths),
			improvements: findingsFromText(form.data.improvements)
		};
		const saved = await attempt(() => debriefs().deps.edits.save(session.id, findings, user));
		return saved ?? { findings: { done: 'Findings saved.' } };
	},

	signOff: async (event) => {
		const { session, user } = await debriefSession(event, event.params.id, 'view');
		if (user.role !== 'lead' && user.role !== 'admin') {
			return fail(403, {
				signOff: { message: 'Only a security lead or an admin signs off the report.' }
			});
		}
		const form = await readForm(event.request, signOffSchema);
		if ('errors' in form) return fail(400, { signOff: { message: Object.values(form.errors)[0] } });
		const result = await signOff(session, user, form.data.comment);
		if (!result.ok) return fail(result.status, { signOff: { message: result.message } });
		return { signOff: { done: 'Signed off. The sign-off is kept in the session record.' } };
	},

	restore: async (event) => {
		const { session, user } = await debriefSession(event, event.params.id, 'control');
		const restored = await attempt(() => debriefs().deps.edits.restoreDrafts(session.id, user));
		return restored ?? { findings: { done: 'The drafted findings are back.' } };
	}
} satisfies Actions;

/** Runs a write; a failed one (disk full, read-only folder) is a 503 that changed nothing. */
async function attempt(write: () => Promise<void>) {
	try {
		await write();
		return null;
	} catch (e) {
		return fail(503, {
			findings: { message: `Not saved: ${(e as Error).message}. Nothing changed; try again.` }
		});
	}
}
