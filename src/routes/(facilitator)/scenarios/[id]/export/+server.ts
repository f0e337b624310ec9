import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/server/auth/guard.js';
import { findScenario, scenarioFileBytes } from '#lib/server/scenarios.js';
import { scenarioToMsel, scenarioToMselXlsx } from '#lib/reports/msel.js';
import type { RequestHandler } from './$types';

/**
 * A library scenario as a file: `?format=yaml` (the default) is the file as stored, to edit and
 * upload again; `?format=msel` is an MSEL CSV for a printed facilitator binder, `?format=xlsx` the
 * same MSEL as a workbook. All carry the answer key, so staff only.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireUser(locals, 'admin', 'facilitator', 'lead');
	const format = url.searchParams.get('format') ?? 'yaml';
	if (format !== 'yaml' && format !== 'msel' && format !== 'xlsx') {
		error(400, 'format is yaml, msel or xlsx.');
	}
	const entry = await findScenario(params.id);
	if (!entry) error(404, 'No such scenario.');
	const headers = (type: string, name: string) => ({
		'content-type': type,
		'content-disposition': `attachment; filename="${name.replace(/[^\w.-]+/g, '_')}"`,
		'cache-control': 'no-store'
	});
	if (format === 'yaml') {
		const bytes = await scenarioFileBytes(entry);
		return new Response(bytes, {
			headers: headers('application/yaml; charset=utf-8', entry.fileName)
		});
	}
	if (!entry.source) error(409, 'This scenario has errors: fix them before exporting an MSEL.');
	if (format === 'xlsx') {
		const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
		return new Response(scenarioToMselXlsx(entry.source) as Uint8Array<ArrayBuffer>, {
			headers: headers(xlsx, `${entry.id}-msel.xlsx`)
		});
	}
	return new Response(scenarioToMsel(entry.source), {
		headers: headers('text/csv; charset=utf-8', `${entry.id}-msel.csv`)
	});
};
