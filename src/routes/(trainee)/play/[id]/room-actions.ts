/**
 * The trainee page's room actions (issue 13): chat, a request for information, an answer to an
 * improvised inject, the team's incident record and the participant feedback form. Each checks
 * the trainee's token for this session; a refusal comes back as `fail(status, { room })` with
 * the sentence to show beside the form that was sent, and the values to put back in it.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import type * as z from 'zod';
import { readForm } from '#lib/server/http.js';
import * as forms from '#lib/server/room/forms.js';
import * as room from '#lib/server/room/service.js';
import type { RoomResult } from '#lib/server/room/service.js';
import { traineeSession } from '#lib/server/sessions/access.js';
import type { Participant } from '#lib/engine/session/state.js';
import type { LiveSession } from '#lib/server/sessions/live.js';

export type RoomAction = 'chat' | 'rfi' | 'reply' | 'record' | 'entry' | 'custody' | 'feedback';

/** The engine's refusals are lower-case clauses; the page shows sentences. */
function sentence(message: string): string {
	const s = message.charAt(0).toUpperCase() + message.slice(1);
	return /[.!?]$/.test(s) ? s : `${s}.`;
}

function action<S extends z.ZodType>(
	name: RoomAction,
	schema: S,
	run: (session: LiveSession, me: Participant, data: z.output<S>) => Promise<RoomResult>
) {
	return async (event: RequestEvent<{ id: string }>) => {
		const { session, participant } = await traineeSession(event, event.params.id);
		const form = await readForm(event.request, schema);
		if ('errors' in form) {
			const message = sentence(Object.values(form.errors)[0] ?? 'invalid form');
			return fail(400, { room: { action: name, message, values: form.values } });
		}
		const result = await run(session, participant, form.data);
		if (!result.ok) {
			const values: Record<string, string> = {};
			for (const [k, v] of Object.entries(form.data as Record<string, unknown>))
				if (typeof v === 'string') values[k] = v;
			return fail(result.status, {
				room: { action: name, message: sentence(result.message), values }
			});
		}
		return { room: { action: name, done: true } };
	};
}

export const roomActions = {
	chat: action('chat', forms.chatForm, (s, me, d) => room.chat(s, { participant: me }, d)),
	rfi: action('rfi', forms.rfiForm, (s, me, d) => room.askRfi(s, me, d)),
	reply: action('reply', forms.improvisedAnswerForm, (s, me, d) => room.answerImprovised(s, me, d)),
	record: action('record', forms.recordForm, (s, me, d) => room.updateRecord(s, me, d)),
	entry: action('entry', forms.entryForm, (s, me, d) => room.addRecordEntry(s, me, d)),
	custody: action('custody', forms.custodyForm, (s, me, d) => room.addCustody(s, me, d)),
	feedback: action('feedback', forms.feedbackForm, (s, me, d) => room.submitFeedback(s, me, d))
};
