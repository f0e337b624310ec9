/**
 * The console's room actions (issue 13): write in a channel as exercise control, answer a
 * request for information, send an improvised inject, note the hot wash. Only the facilitator
 * who runs the session (or an admin) may; results read like the other console actions.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import type * as z from 'zod';
import type { User } from '#lib/server/auth/types.js';
import { formatScenarioTime } from '#lib/engine/session/clock.js';
import { readForm } from '#lib/server/http.js';
import * as forms from '#lib/server/room/forms.js';
import * as room from '#lib/server/room/service.js';
import type { RoomResult } from '#lib/server/room/service.js';
import { staffSession } from '#lib/server/sessions/access.js';
import type { LiveSession } from '#lib/server/sessions/live.js';

function action<S extends z.ZodType>(
	name: string,
	schema: S,
	run: (session: LiveSession, user: User, data: z.output<S>) => Promise<RoomResult>,
	done: (data: z.output<S>, session: LiveSession) => string
) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const { session, user } = await staffSession(locals, params.id, 'control');
		const form = await readForm(request, schema);
		if ('errors' in form)
			return fail(400, {
				action: name,
				message: Object.values(form.errors)[0] ?? 'Invalid request.'
			});
		const result = await run(session, user, form.data);
		if (!result.ok) return fail(result.status, { action: name, message: result.message });
		return { action: name, done: done(form.data, session) };
	};
}

export const roomActions = {
	post: action(
		'post',
		forms.chatForm,
		(s, user, d) => room.chat(s, { user }, d),
		(d, s) =>
			`Sent to ${d.channel === 'room' ? 'the whole room' : (s.state.teams[d.channel]?.name ?? d.channel)}.`
	),
	answer: action(
		'answer',
		forms.rfiAnswerForm,
		(s, user, d) => room.answerRfi(s, user, d),
		(d, s) =>
			d.injectId
				? `Answered; “${s.scenario.injectById[d.injectId]?.title ?? d.injectId}” released to the team.`
				: 'Answered.'
	),
	improvise: action(
		'improvise',
		forms.improviseForm,
		(s, user, d) =>
			room.improvise(s, user, {
				audience: { teamId: d.teamId, role: d.role },
				channel: d.channel,
				from: d.from,
				title: d.title,
				body: d.body,
				question: d.question,
				atMs: d.at
			}),
		(d) =>
			d.at !== undefined
				? `“${d.title.trim()}” will go out at ${formatScenarioTime(d.at)} (unless that has passed: then now).`
				: `“${d.title.trim()}” sent.`
	),
	hotwash: action(
		'hotwash',
		forms.hotwashForm,
		(s, user, d) => room.noteHotwash(s, user, d),
		() => 'Hot-wash note saved.'
	)
};
