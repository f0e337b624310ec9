import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { improviseBody } from '#lib/server/room/forms.js';
import { improvise } from '#lib/server/room/service.js';
import { refusal, staffSessionFor } from '../../../api';
import type { RequestHandler } from './$types';

/**
 * An unscripted inject written on the fly: to a team (`teamId`), a role (`role`) or the room,
 * now or `at` a scenario time. Marked unscripted in the log and the debrief.
 */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const d = await readJson(event.request, improviseBody);
	const result = await improvise(session, user, {
		audience: { teamId: d.teamId, role: d.role },
		channel: d.channel,
		from: d.from,
		title: d.title,
		body: d.body,
		question: d.question,
		atMs: d.at
	});
	if (!result.ok) return refusal(result)!;
	const created = result.events.find((e) => e.type === 'improvised.created');
	const released = result.events.some((e) => e.type === 'improvised.released');
	return json(
		{
			improvisedId: created?.type === 'improvised.created' ? created.improvisedId : null,
			released,
			seq: session.state.seq
		},
		{ status: 201 }
	);
};
