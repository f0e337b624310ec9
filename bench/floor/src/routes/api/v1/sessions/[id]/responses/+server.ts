import { json, type RequestHandler } from '@sveltejs/kit';
import { ACK } from '../../../../../../../../baseline-ack';

export const POST: RequestHandler = async ({ request }) => {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ error: 'bad json' }, { status: 400 });
	}
	if (typeof body !== 'object' || body === null)
		return json({ error: 'bad json' }, { status: 400 });
	return new Response(ACK, { status: 201, headers: { 'content-type': 'application/json' } });
};
