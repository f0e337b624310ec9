import { screenView } from '#lib/engine/session/screen-view.js';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { staffSession } from '#lib/server/sessions/access.js';
import { formatJoinCode } from '#lib/server/sessions/hub.js';
import { joinQrSvg, joinUrl } from '#lib/server/sessions/join-qr.js';
import type { PageServerLoad } from './$types';

/**
 * The big screen for the room's projector: staff who may watch the session (as the console),
 * never a trainee. What it shows is the screen view, which holds nothing of the answer key
 * before the reveal; `bare` tells the root layout to leave out the site header.
 */
export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const { session } = await staffSession(event.locals, event.params.id, 'view');
	const now = Date.now();
	const code = formatJoinCode(session.meta.joinCode);
	const url = joinUrl(event.url.origin, code);
	return {
		bare: true,
		view: screenView(session.scenario, session.state, now, session.expectedMs),
		serverNow: now,
		joinCode: code,
		joinUrl: url,
		joinQr: joinQrSvg(url)
	};
}) satisfies PageServerLoad;
