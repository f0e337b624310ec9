/**
 * Who is asking: sets `event.locals.user` from a `Bearer stu_...` API token or the session
 * cookie, and sends every page to /setup until the first admin exists.
 */
import { redirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { REQUIRE_MFA } from '../config';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './cookie';
import { getAuth } from './index';
import { API_TOKEN_PREFIX } from './secrets';
import type { AuthService } from './service';

/**
 * Paths that work before set-up: set-up itself, trainees joining and playing, the API, and the
 * operators' checks (a load balancer must see a fresh install as up, Prometheus scrape it).
 */
const OPEN_BEFORE_SETUP = [
	'/setup',
	'/join',
	'/play',
	'/api',
	'/_app',
	'/healthz',
	'/readyz',
	'/metrics'
];

function isOpenBeforeSetup(pathname: string): boolean {
	return OPEN_BEFORE_SETUP.some((p) => pathname === p || pathname.startsWith(p + '/'));
}

/**
 * Where a signed-in person without a second factor may still go while REQUIRE_MFA is set: the
 * account page to enrol, signing out, the app's assets, and the pages that work signed out.
 */
const OPEN_BEFORE_ENROLMENT = ['/account', '/logout', '/login', '/reset', '/_app', '/api'];

/** The account page's enrolment section, where the guard sends people. */
export const ENROL_PATH = '/account?mfa=required#mfa';

/** Builds the auth handle over a given service (tests pass their own). */
export function createAuthHandle(
	auth: () => Promise<AuthService>,
	options: { requireMfa: boolean } = { requireMfa: REQUIRE_MFA }
): Handle {
	return async ({ event, resolve }) => {
		event.locals.user = null;
		const service = await auth();

		if (!(await service.hasUsers()) && !isOpenBeforeSetup(event.url.pathname)) {
			redirect(303, '/setup');
		}

		const authorization = event.request.headers.get('authorization') ?? '';
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
		if (bearer?.startsWith(API_TOKEN_PREFIX)) {
			// An API token speaks for itself: no fallback to a cookie sent alongside it.
			event.locals.user = await service.resolveApiToken(bearer);
			return resolve(event);
		}

		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const session = await service.resolveSession(token);
			if (!session) clearSessionCookie(event.cookies);
			else {
				event.locals.user = session.user;
				if (session.renewedUntil) setSessionCookie(event.cookies, token, session.renewedUntil);
				const path = event.url.pathname;
				const open = OPEN_BEFORE_ENROLMENT.some((p) => path === p || path.startsWith(p + '/'));
				if (options.requireMfa && !session.mfa && !open) redirect(303, ENROL_PATH);
			}
		}
		return resolve(event);
	};
}

/** The app's auth handle; compose it into `handle` in hooks.server.ts. */
export const authHandle: Handle = createAuthHandle(getAuth);
