/**
 * The studio's figures: how long the check as you type takes on a ~2,000-line scenario (the
 * function the browser's worker runs, `checkDraft`, measured here in Node: the same code), the
 * full check when typing pauses, and whether the trainee page's first load holds any studio or
 * CodeMirror code (it must not: the studio's JavaScript loads on studio pages only).
 *
 *   npx tsx bench/studio.ts            after a build (vite build); `npm run bench` runs it too
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDraft } from '../src/lib/studio/check-draft';
import { routeFirstLoad, SVELTEKIT_OUTPUT, type BuildPaths, type ViteManifest } from './bundle';
import { median, round } from './stats';

/** The largest bundled scenarios: about 2,000 lines each. */
export const STUDIO_SCENARIOS = ['bec-payment-redirect', 'ransomware-file-server'];
export const STUDIO_TARGET_MS = 200;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface StudioFigures {
	lines: number;
	/** The check as you type (no path exploration), after one edit. */
	quickMs: { p50: number; p95: number; max: number };
	/** The full check (paths explored), run when typing pauses. */
	fullMs: { p50: number; max: number };
	runs: number;
}

/** Times `runs` re-checks of each scenario, each after a one-line edit, after a warm-up. */
export function measureStudioChecks(runs = 20): StudioFigures {
	const quick: number[] = [];
	const full: number[] = [];
	let lines = 0;
	for (const id of STUDIO_SCENARIOS) {
		const path = fileURLToPath(new URL(`../scenarios/${id}.yaml`, import.meta.url));
		const text = readFileSync(path, 'utf8');
		lines = Math.max(lines, text.split('\n').length);
		// Warm-up: the first check compiles the engine's code paths.
		for (let i = 0; i < 3; i++) checkDraft(`${text}# warm ${i}\n`, `${id}.yaml`, true);
		for (let i = 0; i < runs; i++) {
			const edited = `${text}# edit ${i}\n`;
			const result = checkDraft(edited, `${id}.yaml`, true);
			if (result.errors.length) throw new Error(`${id}: ${result.errors[0].message}`);
			quick.push(result.ms);
		}
		for (let i = 0; i < Math.max(3, runs / 5); i++) {
			full.push(checkDraft(`${text}# full ${i}\n`, `${id}.yaml`, false).ms);
		}
	}
	return {
		lines,
		quickMs: {
			p50: round(median(quick) ?? 0, 1),
			p95: round(percentile(quick, 95), 1),
			max: round(Math.max(...quick), 1)
		},
		fullMs: { p50: round(median(full) ?? 0, 1), max: round(Math.max(...full), 1) },
		runs: quick.length
	};
}

/** Strings only studio code holds: CodeMirror's own class names, the studio's storage key. */
const STUDIO_MARKERS = ['cm-gutters', 'cm-lintRange', 'sandtable.studio.'];

/**
 * Which client files hold studio code (CodeMirror or src/lib/studio), found by their content so
 * that no chunking decision hides them, and which of those the trainee page loads first.
 */
export async function traineeLoadsStudio(paths: BuildPaths = SVELTEKIT_OUTPUT): Promise<{
	studioFiles: string[];
	inTraineeFirstLoad: string[];
}> {
	const vite = JSON.parse(readFileSync(paths.viteManifest, 'utf8')) as ViteManifest;
	const files = [...new Set(Object.values(vite).map((c) => c.file))].filter((f) =>
		f.endsWith('.js')
	);
	const studioFiles = files.filter((f) => {
		const text = readFileSync(join(paths.clientDir, f), 'utf8');
		return STUDIO_MARKERS.some((m) => text.includes(m));
	});
	const trainee = await routeFirstLoad('/(trainee)/play/[id]', paths);
	return {
		studioFiles,
		inTraineeFirstLoad: trainee.js.files.filter((f) => studioFiles.includes(f))
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const figures = measureStudioChecks();
	console.log(
		`studio check as you type, ${figures.lines}-line scenario: p50 ${figures.quickMs.p50} ms, p95 ${figures.quickMs.p95} ms, max ${figures.quickMs.max} ms (target < ${STUDIO_TARGET_MS} ms) over ${figures.runs} edits`
	);
	console.log(
		`studio full check (paths explored, on pause): p50 ${figures.fullMs.p50} ms, max ${figures.fullMs.max} ms`
	);
	const load = await traineeLoadsStudio();
	console.log(
		`studio code in the build: ${load.studioFiles.length} file(s); in the trainee page's first load: ${load.inTraineeFirstLoad.length ? load.inTraineeFirstLoad.join(', ') : 'none'}`
	);
	const trainee = await routeFirstLoad('/(trainee)/play/[id]');
	console.log(`trainee first load JS (gzip): ${round(trainee.js.gzipBytes / 1024, 1)} KB`);
}
