/**
 * The operators' endpoints behind GET /metrics and GET /readyz (docs/operations.md, "Logs,
 * metrics and readiness").
 *
 * /metrics says how busy the server is, which is nobody's business outside the operators'
 * network, so it answers only a scraper that proves it is one: with METRICS_TOKEN set, a request
 * that sends it as a Bearer token; without it, a request from this machine (a loopback address)
 * that did not come through a proxy. A proxy on the same machine makes every request look local,
 * so a request carrying a forwarding header is refused unless it has the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { storage, storageWhere } from './app-storage';
import { METRICS_TOKEN } from './config';
import { METRICS_CONTENT_TYPE, metricsText, storeWriteFailure } from './metrics';
import { readinessCheck } from './readiness';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a request may read /metrics: 'ok', 401 (the token is required and missing or wrong)
 * or 403 (no token is configured and the request is not from this machine).
 */
export function metricsAccess(
	request: Request,
	clientAddress: () => string,
	token: string | undefined = METRICS_TOKEN
): 'ok' | 401 | 403 {
	if (token) {
		const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
		// Compared as hashes: equal lengths, and no timing that tells how much of it matched.
		return sent && timingSafeEqual(digest(sent), digest(token)) ? 'ok' : 401;
	}
	if (FORWARDING_HEADERS.some((h) => request.headers.has(h))) return 403;
	let address: string;
	try {
		address = clientAddress();
	} catch {
		// adapter-node throws when ADDRESS_HEADER is set and the request lacks it.
		return 403;
	}
	return LOOPBACK.test(address) ? 'ok' : 403;
}

/** The answer to GET /metrics. */
export async function metricsResponse(
	request: Request,
	clientAddress: () => string
): Promise<Response> {
	const access = metricsAccess(request, clientAddress);
	if (access !== 'ok') {
		const message =
			access === 401
				? 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.'
				: 'Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere.';
		return new Response(message + '\n', {
			status: access,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				...(access === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {})
			}
		});
	}
	return new Response(await metricsText(), {
		headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }
	});
}

/** The app's readiness: its storage's probe and its session writes. */
export const readiness = readinessCheck({
	probe: () => storage.probe(),
	writeFailure: storeWriteFailure,
	where: storageWhere
});

/** The answer to GET /readyz: 200 {ready:true}, or 503 {ready:false, reason}. */
export async function readinessResponse(): Promise<Response> {
	const state = await readiness();
	return new Response(JSON.stringify(state), {
		status: state.ready ? 200 : 503,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
}
