import { count } from '#lib/format/number.js';
import { fail } from '@sveltejs/kit';
import { facilitatorView } from '#lib/engine/session/facilitator-view.js';
import { facilitatorRoom } from '#lib/engine/session/room-view.js';
import { decisionKey } from '#lib/engine/scenario/model.js';
import { RATINGS } from '#lib/engine/session/events.js';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { staffMay, staffSession } from '#lib/server/sessions/access.js';
import { formatJoinCode } from '#lib/server/sessions/hub.js';
import { onlineParticipants } from '#lib/server/sessions/stream.js';
import * as service from '#lib/server/sessions/service.js';
import type { ExecuteResult } from '#lib/server/sessions/live.js';
import { SPEEDS } from '#lib/server/sessions/new-session-form.js';
import {
	CONTROL_DONE,
	controlSchema,
	describeRelease,
	dropSchema,
	holdSchema,
	observeSchema,
	overrideSchema,
	releaseSchema,
	skipSchema,
	scoreSchema,
	speedSchema
} from './actions';
import { roomActions } from './room-actions';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const { session } = await staffSession(event.locals, event.params.id, 'view');
	const { scenario, meta } = session;
	const now = Date.now();
	const code = formatJoinCode(meta.joinCode);
	// "Observe" beside an inject without JavaScript: the link opens that inject's form.
	const observeInject = event.url.searchParams.get('observe');
	const observeTeam = event.url.searchParams.get('team');
	return {
		view: facilitatorView(scenario, session.state, now, session.expectedMs),
		room: facilitatorRoom(scenario, session.state, renderMarkdown),
		serverNow: now,
		expectedMs: session.expectedMs,
		online: onlineParticipants(session.id),
		observe:
			observeInject && observeTeam && session.state.teams[observeTeam]?.released[observeInject]
				? { teamId: observeTeam, injectId: observeInject }
				: null,
		canControl: staffMay(user, meta.facilitatorId, 'control'),
		joinCode: code,
		joinUrl: `${event.url.origin}/join?code=${code}`,
		speeds: SPEEDS,
		ratings: RATINGS,
		scenario: {
			injects: scenario.injects.map((i) => ({
				id: i.id,
				title: i.title,
				phase: i.phase,
				// A rating tied to the inject counts for these (no objective to ask for then).
				objectives: [...new Set(i.decisions.flatMap((d) => d.objectives))]
			})),
			objectives: scenario.objectives.map((o) => ({ id: o.id, title: o.title })),
			roles: scenario.roles.map((r) => ({ id: r.id, name: r.name })),
			// For the YAML of an improvised inject: the phases it may be filed under.
			phases: scenario.phases.map((p) => p.id)
		},
		// Prompts are Markdown: rendered and sanitized here, once per decision (cached).
		prompts: Object.fromEntries(
			Object.values(scenario.decisionByKey).map((d) => [
				decisionKey(d.injectId, d.id),
				renderMarkdown(d.prompt)
			])
		),
		// Story outcomes of options and timeouts (shown for the option a team locked), rendered once.
		outcomes: Object.fromEntries(
			Object.values(scenario.decisionByKey)
				.filter((d) => d.timeout?.outcome || d.options.some((o) => o.outcome))
				.map((d) => [
					decisionKey(d.injectId, d.id),
					{
						options: Object.fromEntries(
							d.options.flatMap((o) => (o.outcome ? [[o.id, renderMarkdown(o.outcome)]] : []))
						) as Record<string, string>,
						timeout: d.timeout?.outcome ? renderMarkdown(d.timeout.outcome) : undefined
					}
				])
		)
	};
}) satisfies PageServerLoad;

/** A refusal becomes `fail(status, { action, message })`; success says what happened. */
function outcome(action: string, result: ExecuteResult, done: () => string) {
	if (!result.ok) return fail(result.status, { action, message: result.message });
	return { action, done: done() };
}

function invalid(action: string, errors: Record<string, string>) {
	return fail(400, { action, message: Object.values(errors)[0] ?? 'Invalid request.' });
}

export const actions = {
	control: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, controlSchema);
		if ('errors' in form) return invalid('control', form.errors);
		const { action } = form.data;
		return outcome(
			'control',
			await service.control(session, action, user),
			() => CONTROL_DONE[action]
		);
	},

	speed: async ({ locals, params, request }) => {
		const { session } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, speedSchema);
		if ('errors' in form) return invalid('speed', form.errors);
		const { speed } = form.data;
		const result = await service.setSpeed(session, speed);
		return outcome('speed', result, () => `Speed set to ${speed}×.`);
	},

	release: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, releaseSchema);
		if ('errors' in form) return invalid('release', form.errors);
		const result = await service.release(session, user, form.data);
		return outcome('release', result, () =>
			result.ok ? describeRelease(session.scenario, session.state, result.events) : ''
		);
	},

	skip: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, skipSchema);
		if ('errors' in form) return invalid('skip', form.errors);
		const result = await service.skipClock(session, user, form.data.to);
		return outcome('skip', result, () =>
			result.ok ? describeRelease(session.scenario, session.state, result.events) : ''
		);
	},

	hold: async ({ locals, params, request }) => {
		const { session } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, holdSchema);
		if ('errors' in form) return invalid('hold', form.errors);
		const result = await service.hold(session, form.data);
		const title = session.scenario.injectById[form.data.injectId]?.title ?? form.data.injectId;
		return outcome('hold', result, () =>
			form.data.held ? `Holding “${title}”.` : `“${title}” is no longer held.`
		);
	},

	override: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, overrideSchema);
		if ('errors' in form) return invalid('override', form.errors);
		const result = await service.override(session, user, form.data);
		return outcome('override', result, () => 'The team decision is locked by your override.');
	},

	drop: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, dropSchema);
		if ('errors' in form) return invalid('drop', form.errors);
		const result = await service.drop(session, user, form.data);
		const title = session.scenario.injectById[form.data.injectId]?.title ?? form.data.injectId;
		const team = session.state.teams[form.data.teamId]?.name ?? form.data.teamId;
		return outcome('drop', result, () => `Dropped “${title}” for ${team}.`);
	},

	observe: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, observeSchema);
		if ('errors' in form) return invalid('observe', form.errors);
		const result = await service.observe(session, user, form.data);
		return outcome('observe', result, () => 'Observation saved.');
	},

	score: async ({ locals, params, request }) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, scoreSchema);
		if ('errors' in form) return invalid('score', form.errors);
		const result = await service.scoreText(session, user, form.data);
		return outcome('score', result, () => `Scored ${count(form.data.points, 'point')}.`);
	},

	...roomActions
} satisfies Actions;
