import { fail, redirect } from '@sveltejs/kit';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { formatLocated } from '#lib/server/scenario-library.js';
import { uploadChecked } from '#lib/server/scenario-replace.js';
import { mselToScenario, mselXlsxToScenario } from '#lib/reports/msel.js';
import { readScenarioUpload, MAX_UPLOAD_BODY } from '../../upload';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	/** An MSEL (CSV or XLSX) becomes a scenario in the library, through the same checks as an upload. */
	import: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const read = await readScenarioUpload(
			request,
			'file',
			MAX_UPLOAD_BODY,
			'Choose an MSEL file (.csv or .xlsx) to import.'
		);
		if (!read.ok) return fail(read.status, { message: read.message, errors: [], warnings: [] });
		const title =
			String(read.form.get('title') ?? '')
				.trim()
				.slice(0, 200) || read.fileName.replace(/\.[^.]*$/, '').replace(/[_-]+/g, ' ');
		const options = { file: read.fileName, title, author: user.name };
		// A workbook is a zip archive ("PK"); anything else is read as CSV text.
		const workbook = read.bytes[0] === 0x50 && read.bytes[1] === 0x4b;
		let text = '';
		if (!workbook) {
			try {
				text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
			} catch {
				return fail(400, {
					message: `${read.fileName} is not UTF-8 text: save the spreadsheet as "CSV UTF-8" or as .xlsx.`,
					errors: [],
					warnings: []
				});
			}
		}
		const result = workbook
			? mselXlsxToScenario(read.bytes, options)
			: mselToScenario(text, options);
		if (!result.ok) {
			return fail(422, {
				message: `${read.fileName} was not imported: fix these cells and import it again.`,
				errors: result.errors.map(formatLocated),
				warnings: result.warnings.map(formatLocated)
			});
		}
		const yamlName = `${result.scenario.id}.yaml`;
		const stored = await uploadChecked(new TextEncoder().encode(result.yaml), yamlName);
		if (!stored.ok) {
			return fail(stored.status, {
				message: stored.existing
					? `A scenario with the id ${result.scenario.id} exists already: give the import another title.`
					: `${read.fileName} was not imported: ${stored.message}.`,
				errors: stored.errors.map(formatLocated),
				warnings: [...result.warnings, ...stored.warnings].map(formatLocated)
			});
		}
		redirect(303, `/scenarios/${encodeURIComponent(stored.entry.id)}?imported=msel`);
	}
} satisfies Actions;
