/**
 * Gathers an ended exercise's evidence pack (issue 16) from what the app already produces: the
 * signed record, the AAR/IP document, the debrief in Markdown and its scores, the attendance
 * list, the improvement items with owners and due dates, the sign-offs and the control mapping;
 * `buildPack` (lib/evidence/pack.ts) zips them under a signed manifest.
 */
import { attendanceOf, LAST_ACTION_NOTE } from '#lib/engine/score/attendance.js';
import { buildPack } from '#lib/evidence/pack.js';
import type { Evidenced } from '#lib/evidence/compliance.js';
import { serializeRecord } from '#lib/evidence/record.js';
import { buildAarDocx } from '#lib/reports/aar-docx.js';
import { csvTable } from '#lib/reports/csv.js';
import { debriefMarkdown, scoresCsv } from '#lib/reports/debrief-export.js';
import { improvementsCsv } from '#lib/reports/improvements-csv.js';
import { improvements } from '../app';
import type { User } from '../auth/types';
import { accountName, debriefFor, planLines } from '../debrief';
import type { LiveSession } from '../sessions/live';
import { controlMappingFor } from './compliance';
import { recordOf } from './export';
import { installationKey } from './installation';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** The control-mapping page: which requirements this exercise evidences, and why. */
export function controlMappingMarkdown(title: string, evidenced: readonly Evidenced[]): string {
	const lines = [
		`# Control mapping: ${title}`,
		'',
		'The requirements this exercise evidences, from the scenario’s NIST CSF 2.0 control mappings',
		'and the compliance catalogue (references and our summaries, never the licensed wording).',
		''
	];
	if (evidenced.length === 0) {
		lines.push('This exercise evidences no requirement of the catalogue.');
		return lines.join('\n') + '\n';
	}
	lines.push(
		'| Standard | Reference | Matched CSF controls | Phases exercised |',
		'|---|---|---|---|'
	);
	for (const e of evidenced) {
		const csf = e.csf.map((c) => `${c.scenario} (for ${c.requirement})`).join(', ');
		lines.push(`| ${e.standard} | ${e.reference} | ${csf} | ${e.phases.join(', ')} |`);
	}
	return lines.join('\n') + '\n';
}

function readme(title: string, sessionId: string, generatedAt: number): string {
	return `Evidence pack: ${title} (session ${sessionId})
Generated ${iso(generatedAt)} by Sandtable.

What each file is
- record.json          The exercise's tamper-evident record: the scenario as played, every event
                       hash-chained, the seal made when it ended and a signature over the whole.
- aar-ip.docx          The HSEEP after-action report and improvement plan (Word).
- debrief.md           The full debrief: objectives and results per phase and team, findings,
                       the decision log, the room, attendance and sign-offs.
- scores.csv           Points and percentages per phase and team.
- attendance.csv       Who took part: name, team, role, joined, last recorded action.
- improvement-items.csv  The improvement plan's items with owners, due dates and status.
- sign-off.json        The security lead's sign-off(s): name, role, time, comment.
- control-mapping.md   Which requirements of which standards this exercise evidences.
- manifest.json        Every file's size and sha256, signed with the installation's Ed25519 key.

How to check it
  npm run verify -- <this zip>            (in a Sandtable checkout; no server or data needed)
It checks the manifest's signature, every file's sha256, that no file was added or removed, and
every link, seal and signature of record.json; it names what was changed. Compare the key
fingerprint it prints with the one on the installation's /admin/keys page, or pass the
installation's public key with --key <file.pem>.
`;
}

/** The pack of an ended session, as `account` downloads it. */
export async function evidencePack(
	session: LiveSession,
	account: Pick<User, 'id' | 'name'>,
	origin: string,
	now = Date.now()
): Promise<Uint8Array> {
	const key = installationKey();
	const bundle = await debriefFor(session);
	const { debrief } = bundle;
	const plan = planLines(bundle.items);
	const title = debrief.overview.title;
	const attendance = attendanceOf(session.scenario, session.state);
	const items = (await improvements()).list().filter((i) => i.sessionId === session.id);
	const files = {
		'README.txt': readme(title, session.id, now),
		'record.json': serializeRecord(await recordOf(session, account, key, now)),
		'aar-ip.docx': new Uint8Array(
			await buildAarDocx({
				debrief,
				items: plan,
				facilitator: await accountName(session.meta.facilitatorId)
			})
		),
		'debrief.md': debriefMarkdown(debrief, plan),
		'scores.csv': scoresCsv(debrief),
		'attendance.csv': csvTable(
			['Name', 'Team', 'Role', 'Joined (UTC)', 'Last recorded action (UTC)'],
			attendance.map((a) => [a.name, a.teamName, a.roleName, iso(a.joinedAt), iso(a.lastActionAt)])
		).concat(`# ${LAST_ACTION_NOTE}\r\n`),
		'improvement-items.csv': improvementsCsv(items, origin),
		'sign-off.json': `${JSON.stringify(session.state.signOffs ?? [], null, '\t')}\n`,
		'control-mapping.md': controlMappingMarkdown(title, (await controlMappingFor(session.id)) ?? [])
	};
	return buildPack(
		{
			sessionId: session.id,
			title,
			generatedAt: now,
			generatedBy: { id: account.id, name: account.name },
			files
		},
		key.sign,
		key.publicKey
	);
}
