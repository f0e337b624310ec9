import { json } from '@sveltejs/kit';
import { openApiDocument } from '../openapi';
import type { RequestHandler } from './$types';

/** Built once: it describes the code, which does not change while the process runs. */
let document: ReturnType<typeof openApiDocument> | null = null;

/** The JSON API as OpenAPI 3.1, for anyone (it holds no data, only what the API accepts). */
export const GET: RequestHandler = () => {
	document ??= openApiDocument();
	return json(document, { headers: { 'cache-control': 'public, max-age=300' } });
};
