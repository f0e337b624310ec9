/**
 * The size on disk of an ended session's file, for each bundled scenario: one session played to
 * its end by a seeded team (bench/history.ts), written by the app's own repository, so that the
 * figure is the file the app keeps (the scenario frozen once per version beside it, not in it).
 * `npx tsx bench/session-size.ts` prints them; `npm run bench` reports the largest.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileSessionRepository } from '../src/lib/server/storage/file/session-files';
import { copySession, loadLibraryScenario, playTemplate } from './history';
import { round } from './stats';

export interface SessionSize {
	scenario: string;
	trainees: number;
	/** The session file as the app writes it now. */
	fileKB: number;
	/** What the file was with the scenario inside it (version 1). */
	inlineKB: number;
}

/** Plays each bundled scenario once to its end and measures its session file. */
export async function measureSessionSizes(
	scenarioDir = resolve('scenarios')
): Promise<SessionSize[]> {
	const dir = mkdtempSync(join(tmpdir(), 'sandtable-size-'));
	try {
		const repo = new FileSessionRepository(dir);
		const sizes: SessionSize[] = [];
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		for (const name of readdirSync(scenarioDir)
			.filter((f) => f.endsWith('.yaml'))
			.sort()) {
			const lib = loadLibraryScenario(join(scenarioDir, name));
			const id = `size${String(sizes.length).padStart(8, '0')}`;
			const template = playTemplate(lib, random);
			const { file } = copySession(template, {
				id,
				createdAt: Date.now(),
				facilitatorId: 'size-facilitator',
				title: name
			});
			const doc = await repo.create(file);
			await doc.checkpoint();
			doc.close();
			const inline = JSON.stringify({ ...file, version: 1 });
			sizes.push({
				scenario: name.replace(/\.yaml$/, ''),
				trainees: template.participantIds.length,
				fileKB: round(statSync(join(dir, `${id}.json`)).size / 1024),
				inlineKB: round(Buffer.byteLength(inline) / 1024)
			});
		}
		return sizes;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	for (const s of await measureSessionSizes()) {
		console.log(
			`${s.scenario.padEnd(28)} ${String(s.trainees).padStart(3)} trainees ${String(s.fileKB).padStart(7)} KB (was ${s.inlineKB} KB)`
		);
	}
}
