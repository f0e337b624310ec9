/**
 * The audit hook: after a staff action (or a sign-in attempt, or an export) has its response,
 * writes its audit entry (describe.ts says which requests and what) and ships it as a JSON line
 * on stdout (`"msg":"audit"`) for a SIEM. The entry is durable before the response leaves, so an
 * action the client saw done is in the log. A failed audit write is logged as an error and does
 * not undo or refuse the action.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { storage } from '../app-storage';
import { log as rootLog } from '../log';
import type { AuditDraft, AuditStore } from '../storage/audit';
import {
	actionName,
	actionStatus,
	auditedDetail,
	auditsBefore,
	isExport,
	outcomeOf,
	type AuditedRequest
} from './describe';

/** Bodies above this are not read for detail (scenario uploads are described by their route). */
const MAX_DETAIL_BODY = 64 * 1024;

/** The audited fields of a small form or JSON body, read from a copy of the request. */
async function bodyFields(request: Request): Promise<Record<string, unknown> | null> {
	const type = request.headers.get('content-type') ?? '';
	const length = Number(request.headers.get('content-length') ?? NaN);
	if (!(length <= MAX_DETAIL_BODY)) return null;
	try {
		if (type.startsWith('application/x-www-form-urlencoded'))
			return Object.fromEntries(new URLSearchParams(await request.clone().text()));
		if (type.startsWith('application/json')) {
			const body: unknown = await request.clone().json();
			return body && typeof body === 'object' && !Array.isArray(body)
				? (body as Record<string, unknown>)
				: null;
		}
	} catch {
		// A malformed body: the route refuses it, and the entry says so by its status.
	}
	return null;
}

function clientAddress(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** A form action's result, for a form posted by JavaScript (SvelteKit answers those 200). */
async function actionResult(event: RequestEvent, response: Response): Promise<unknown> {
	if (event.request.headers.get('x-sveltekit-action') !== 'true') return null;
	if (!(response.headers.get('content-type') ?? '').includes('application/json')) return null;
	try {
		return await response.clone().json();
	} catch {
		return null;
	}
}

export function createAuditHandle(store: () => AuditStore): Handle {
	return async ({ event, resolve }) => {
		const user = event.locals.user;
		const request: AuditedRequest = {
			method: event.request.method,
			routeId: event.route.id,
			search: event.url.search,
			params: event.params as Record<string, string>,
			actor: user ? { id: user.id, email: user.email, role: user.role } : null
		};
		const before = auditsBefore(request);
		const fields = before ? await bodyFields(event.request) : null;
		const response = await resolve(event);
		if (!before && !isExport(request, response.headers.get('content-disposition'))) return response;

		const status = actionStatus(response.status, await actionResult(event, response));
		// A sign-in page names who it signed in (the OpenID callback sets locals.user).
		const after = event.locals.user;
		const draft: AuditDraft = {
			at: Date.now(),
			actor:
				request.actor ?? (after ? { id: after.id, email: after.email, role: after.role } : null),
			address: clientAddress(event),
			action: actionName(request),
			target: { ...request.params },
			detail: {
				...auditedDetail(fields),
				...(event.locals.signInEmail ? { email: event.locals.signInEmail.slice(0, 200) } : {})
			},
			status,
			outcome: outcomeOf(status),
			requestId: event.locals.requestId ?? null
		};
		const requestLog = event.locals.log ?? rootLog;
		try {
			const entry = await store().append(draft);
			requestLog.info({ audit: entry }, 'audit');
		} catch (e) {
			requestLog.error({ err: e, audit: draft }, 'audit entry not saved');
		}
		return response;
	};
}

export const auditHandle: Handle = createAuditHandle(() => storage.audit);
