import { json } from '@sveltejs/kit';
import { decisionKey } from '#lib/engine/scenario/model.js';
import { answerKey } from '#lib/engine/session/state.js';
import { readJson } from '#lib/server/http.js';
import { scoreText } from '#lib/server/sessions/service.js';
import { refusal, staffSessionFor } from '../../../api';
import { textScoreBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * The free-text answers that await the facilitator's mark: for each trainee and scored text
 * decision the answer that counts (a team's answer once, written by its decider), given in time
 * and not on a dropped inject.
 */
export const GET: RequestHandler = async (event) => {
	const { session } = await staffSessionFor(event, event.params.id, 'control');
	const { scenario, state } = session;
	const answers = state.responses.flatMap((r, i) => {
		if (state.latest[answerKey(r.participantId, r.injectId, r.decisionId)] !== i) return [];
		const decision = scenario.decisionByKey[decisionKey(r.injectId, r.decisionId)];
		if (!decision || decision.kind !== 'text' || !decision.scored || r.value.kind !== 'text')
			return [];
		if (r.late || r.responseId in state.textScores) return [];
		const d = state.teams[r.teamId]?.decisions[decisionKey(r.injectId, r.decisionId)];
		if (d?.status === 'dropped') return [];
		return [
			{
				responseId: r.responseId,
				teamId: r.teamId,
				participantId: r.participantId,
				name: state.participants[r.participantId]?.name ?? r.participantId,
				injectId: r.injectId,
				decisionId: r.decisionId,
				team: Boolean(decision.team),
				text: r.value.text,
				maxPoints: decision.points
			}
		];
	});
	return json({ answers, seq: state.seq }, { headers: { 'cache-control': 'no-store' } });
};

/** Marks a free-text answer: 0..the decision's points; a new mark replaces the last one. */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const body = await readJson(event.request, textScoreBody);
	const result = await scoreText(session, user, body);
	if (!result.ok) return refusal(result)!;
	return json({ ...body, seq: session.state.seq });
};
