import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { decisionKey } from '#lib/engine/scenario/model.js';
import { traineeView } from '#lib/engine/session/trainee-view.js';
import { readForm } from '#lib/server/http.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { traineeSession, traineeToken } from '#lib/server/sessions/access.js';
import { hub } from '#lib/server/sessions/hub.js';
import * as service from '#lib/server/sessions/service.js';
import { respondForm, responseValue } from './respond';
import { roomActions } from './room-actions';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { params, url } = event;
	const session = await hub.get(params.id);
	if (!session) error(404, 'No such session.');
	const participant = hub.participant(session, traineeToken(event, params.id));
	// Anyone without this session's token starts at the join page.
	if (!participant) redirect(303, '/join');
	// Everything the page shows comes from traineeView: the answer key only after the reveal.
	const view = traineeView(session.scenario, session.state, participant.id, renderMarkdown)!;
	const keys: Record<string, string> = {};
	for (const inject of view.injects)
		for (const d of inject.decisions) keys[decisionKey(inject.id, d.id)] = randomUUID();
	return {
		view,
		serverNow: Date.now(),
		keys,
		answered: url.searchParams.get('answered')
	};
}) satisfies PageServerLoad;

export const actions = {
	respond: async (event) => {
		const { session, participant } = await traineeSession(event, event.params.id);
		const form = await readForm(event.request, respondForm);
		if ('errors' in form) {
			const { injectId = '', decisionId = '' } = form.values;
			const message = Object.values(form.errors)[0];
			return fail(400, { respond: { injectId, decisionId, message, values: form.values } });
		}
		const { injectId, decisionId, idempotencyKey, rationale } = form.data;
		const values = { text: form.data.text ?? '', rationale: rationale ?? '' };
		const refuse = (status: number, message: string) =>
			fail(status, { respond: { injectId, decisionId, message, values } });
		// Only the kind of the decision is read here, to know which fields hold the answer.
		const decision = session.scenario.decisionByKey[decisionKey(injectId, decisionId)];
		if (!decision) return refuse(404, 'There is no such question.');
		const value = responseValue(decision.kind, form.data);
		if (typeof value === 'string') return refuse(400, value);
		const result = await service.respond(session, participant, {
			injectId,
			decisionId,
			value,
			rationale,
			idempotencyKey
		});
		if (!result.ok) return refuse(result.status, sentence(result.message));
		const answered = encodeURIComponent(decisionKey(injectId, decisionId));
		redirect(303, `/play/${event.params.id}?answered=${answered}#inject-${injectId}`);
	},
	...roomActions
} satisfies Actions;

/** The engine's refusals are lower-case clauses; the page shows sentences. */
function sentence(message: string): string {
	const s = message.charAt(0).toUpperCase() + message.slice(1);
	return /[.!?]$/.test(s) ? s : `${s}.`;
}
