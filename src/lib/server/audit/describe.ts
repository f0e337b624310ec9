/**
 * What the audit log records of a request, decided from the request and its response alone
 * (pure, so the rules are unit-tested): which requests are audited, what their entry says, and
 * whether the action was done or refused.
 */
import type { AuditDraft } from '../storage/audit';

/** Pages and endpoints where someone not yet signed in acts on an account. */
export const SIGN_IN_ROUTES = new Set([
	'/(account)/login',
	'/(account)/login/code',
	'/(account)/setup',
	'/(account)/logout',
	'/(account)/reset/[token]',
	'/api/v1/auth/token'
]);

/** GET pages that sign someone in: an OpenID provider sends the browser back to them. */
export const SIGN_IN_CALLBACKS = new Set(['/(account)/login/oidc/[provider]/callback']);

/** GET endpoints that hand out exercise records in bulk, even without an attachment header. */
export const EXPORT_ROUTES = new Set([
	'/api/v1/dashboard',
	'/api/v1/improvements',
	'/api/v1/sessions/[id]/debrief',
	'/api/v1/sessions/[id]/record',
	'/(admin)/admin/audit/export'
]);

/**
 * Fields of a form or JSON body that say what was done and are safe to keep: ids, roles,
 * choices and numbers. Never passwords, tokens or free text (chat, answers, comments).
 */
export const AUDITED_FIELDS = [
	'id',
	'email',
	'role',
	'disabled',
	'name',
	'scenarioId',
	'team',
	'teamId',
	'injectId',
	'decisionId',
	'optionId',
	'objectiveId',
	'responseId',
	'rfiId',
	'itemId',
	'sectionId',
	'rating',
	'points',
	'speed',
	'to',
	'held',
	'release',
	'review',
	'status',
	'format',
	'section',
	'channel',
	'replace',
	'revision'
] as const;

export interface AuditedRequest {
	method: string;
	routeId: string | null;
	/** The URL's search string: a form action is `?/name`. */
	search: string;
	params: Record<string, string>;
	actor: AuditDraft['actor'];
}

/** Whether a request is audited before it runs (false: look again at the response, for exports). */
export function auditsBefore(request: AuditedRequest): boolean {
	if (request.method === 'GET') return SIGN_IN_CALLBACKS.has(request.routeId ?? '');
	if (request.method === 'HEAD' || request.method === 'OPTIONS') return false;
	return request.actor !== null || SIGN_IN_ROUTES.has(request.routeId ?? '');
}

/** Whether a GET by staff hands out a record (a download, or an export endpoint). */
export function isExport(request: AuditedRequest, contentDisposition: string | null): boolean {
	if (request.method !== 'GET' || request.actor === null) return false;
	return (
		EXPORT_ROUTES.has(request.routeId ?? '') ||
		(contentDisposition ?? '').toLowerCase().startsWith('attachment')
	);
}

/** `POST /(admin)/admin/users?/setRole`: the method, the route and a form action's name. */
export function actionName(request: AuditedRequest): string {
	const formAction = /^\?\/([\w-]+)/.exec(request.search)?.[1];
	const route = request.routeId ?? '(no route)';
	return `${request.method} ${route}${formAction ? `?/${formAction}` : ''}`;
}

/** The fields of a parsed body worth keeping (AUDITED_FIELDS), strings cut to 200 characters. */
export function auditedDetail(body: Record<string, unknown> | null): AuditDraft['detail'] {
	const detail: AuditDraft['detail'] = {};
	if (!body) return detail;
	for (const field of AUDITED_FIELDS) {
		const value = body[field];
		if (typeof value === 'string') detail[field] = value.slice(0, 200);
		else if (typeof value === 'number' || typeof value === 'boolean' || value === null)
			detail[field] = value;
	}
	return detail;
}

/** Done, refused (4xx, a form's failure) or an error (5xx), from the status it ended with. */
export function outcomeOf(status: number): AuditDraft['outcome'] {
	if (status >= 500) return 'error';
	if (status >= 400) return 'refused';
	return 'ok';
}

/**
 * The status an action ended with: the HTTP status, except for a form posted by JavaScript,
 * which SvelteKit answers 200 with `{type, status}` in the body.
 */
export function actionStatus(httpStatus: number, actionResult: unknown): number {
	if (!actionResult || typeof actionResult !== 'object') return httpStatus;
	const { type, status } = actionResult as { type?: unknown; status?: unknown };
	if (type === 'failure' || type === 'error') return typeof status === 'number' ? status : 500;
	if (type === 'redirect') return typeof status === 'number' ? status : 303;
	return httpStatus;
}
