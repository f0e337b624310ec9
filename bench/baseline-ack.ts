/** The app's acknowledgement of an answer, as POST /api/v1/sessions/:id/responses sends it. */
export const ACK = JSON.stringify({
	responseId: 'r0123456789abcdef01234567',
	injectId: 'month-end-briefing',
	decisionId: 'readiness-checks',
	seq: 12345,
	late: false
});
