/**
 * The scenario checker: loads, validates and explores scenario files and prints a summary table
 * and every problem as `file:line:col: error: message` (or one JSON document with --json).
 *
 *   npm run -s scenarios:check                      every *.yaml / *.yml in scenarios/
 *   npm run -s scenarios:check -- a.yaml dir/       the files (and directories) given
 *   npm run -s scenarios:check -- --json            machine-readable
 *
 * Exit code: 0 when every file is valid (warnings allowed), 1 when any is not, 2 on usage errors.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, type Located } from '../src/lib/engine/scenario/load';
import { MINUTE } from '../src/lib/engine/scenario/model';
import { DEFAULT_PHASES } from '../src/lib/engine/scenario/schema';
import { coveredPhases } from '../src/lib/engine/check/validate';

/** What the checker reports for one file; the --json output is `{ scenarios: FileSummary[] }`. */
export interface FileSummary {
	file: string;
	id: string | null;
	title: string | null;
	valid: boolean;
	errors: Located[];
	warnings: Located[];
	/** Names of the phases some scored decision covers. */
	phases: string[];
	injects: number | null;
	decisions: number | null;
	/** Team decisions: the points where the story branches. */
	branchPoints: number | null;
	attackerStages: number | null;
	/** Complete paths explored (a lower bound when pathsTruncated). */
	paths: number | null;
	pathsTruncated: boolean;
	/** Distinct endings some path reaches. */
	endings: number | null;
	minMinutes: number | null;
	maxMinutes: number | null;
	/** True when some path rolls dice (`roll()`): the explorer branched over the outcomes. */
	chance: boolean;
	/**
	 * Ending id -> probability (0..1) of reaching it when every choice is equally likely, chance
	 * included; null when the file was not explored.
	 */
	endingProbability: Record<string, number> | null;
}

export class UsageError extends Error {}

const USAGE = `usage: check-scenarios [--json] [file.yaml | directory ...]
Checks scenario files (default: every *.yaml and *.yml in scenarios/).
Exit code 0 when all are valid, 1 when any is invalid, 2 on usage errors.`;

const DEFAULT_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const isScenarioFile = (name: string) => /\.ya?ml$/i.test(name);

function scenarioFilesIn(dir: string): string[] {
	return readdirSync(dir)
		.filter(isScenarioFile)
		.sort()
		.map((name) => join(dir, name));
}

/** The files named on the command line (directories expanded), or those in scenarios/. */
export function resolveFiles(args: string[]): string[] {
	if (args.length === 0) {
		const files = scenarioFilesIn(DEFAULT_DIR).map((f) => relative(process.cwd(), f));
		if (files.length === 0) throw new UsageError(`no *.yaml or *.yml files in ${DEFAULT_DIR}`);
		return files;
	}
	return args.flatMap((arg) => {
		let isDir: boolean;
		try {
			isDir = statSync(arg).isDirectory();
		} catch {
			throw new UsageError(`no such file or directory: ${arg}`);
		}
		if (!isDir) return [arg];
		const files = scenarioFilesIn(arg);
		if (files.length === 0) throw new UsageError(`no *.yaml or *.yml files in ${arg}`);
		return files;
	});
}

/** Loads and checks one file. */
export function checkFile(file: string): FileSummary {
	const result = loadScenario(readFileSync(file), file);
	const source = result.source;
	const decisions = source?.injects.flatMap((i) => i.decisions ?? []);
	const phaseModel = source ? (source.phases ?? DEFAULT_PHASES) : [];
	const covered = source ? coveredPhases(source) : new Set<string>();
	const report = result.paths;
	const minutes = (ms: number | null | undefined) =>
		ms === null || ms === undefined ? null : Math.round((ms / MINUTE) * 100) / 100;
	return {
		file,
		id: source?.id ?? null,
		title: source?.title ?? null,
		valid: result.errors.length === 0,
		errors: result.errors,
		warnings: result.warnings,
		phases: phaseModel.filter((p) => covered.has(p.id)).map((p) => p.name),
		injects: source ? source.injects.length : null,
		decisions: decisions ? decisions.length : null,
		branchPoints: decisions ? decisions.filter((d) => d.team).length : null,
		attackerStages: source ? (source.attacker ?? []).length : null,
		paths: report ? report.paths : null,
		pathsTruncated: report?.truncated ?? false,
		endings: report ? Object.keys(report.endings).length : null,
		minMinutes: minutes(report?.minMs),
		maxMinutes: minutes(report?.maxMs),
		chance: report?.chance ?? false,
		endingProbability: report?.endingProbability ?? null
	};
}

const show = (n: number | null) => (n === null ? '-' : String(n));

/** The human-readable report: a table, then every error and warning on its own line. */
export function formatText(summaries: FileSummary[]): string {
	const header = [
		'file',
		'id',
		'valid',
		'errors',
		'warnings',
		'injects',
		'decisions',
		'branch points',
		'stages',
		'paths',
		'endings',
		'minutes',
		'phases'
	];
	const rows = summaries.map((s) => {
		const minutes =
			s.minMinutes === null
				? '-'
				: s.minMinutes === s.maxMinutes
					? `${s.minMinutes}`
					: `${s.minMinutes}-${s.maxMinutes}`;
		return [
			s.file,
			s.id ?? '-',
			s.valid ? 'yes' : 'NO',
			String(s.errors.length),
			String(s.warnings.length),
			show(s.injects),
			show(s.decisions),
			show(s.branchPoints),
			show(s.attackerStages),
			s.paths === null ? '-' : `${s.paths}${s.pathsTruncated ? '+' : ''}`,
			show(s.endings),
			minutes,
			s.injects === null ? '-' : s.phases.join(', ') || 'none'
		];
	});
	const numeric = new Set([3, 4, 5, 6, 7, 8, 9, 10]);
	const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, c) =>
				c === cells.length - 1
					? cell
					: numeric.has(c)
						? cell.padStart(widths[c])
						: cell.padEnd(widths[c])
			)
			.join('  ')
			.trimEnd();
	const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
	// Where dice decide, how likely each ending is (for a team choosing at random).
	const chances = summaries
		.filter((s) => s.chance && s.endingProbability)
		.map(
			(s) =>
				`${s.file}: chance involved; endings with every choice equally likely: ${Object.entries(
					s.endingProbability!
				)
					.sort((a, b) => b[1] - a[1])
					.map(([id, p]) => `${id} ${Math.round(p * 1000) / 10}%`)
					.join(', ')}`
		);
	if (chances.length) out.push('', ...chances);
	const problems = summaries.flatMap((s) => [
		...s.errors.map((e) => `${e.file}:${e.line}:${e.column}: error: ${e.message}`),
		...s.warnings.map((w) => `${w.file}:${w.line}:${w.column}: warning: ${w.message}`)
	]);
	if (problems.length) out.push('', ...problems);
	const invalid = summaries.filter((s) => !s.valid).length;
	out.push(
		'',
		invalid
			? `${invalid} of ${summaries.length} scenario file(s) invalid`
			: `${summaries.length} scenario file(s) valid`
	);
	return `${out.join('\n')}\n`;
}

/** Runs the checker; returns the exit code. */
export function main(argv: string[], out = process.stdout, err = process.stderr): number {
	const json = argv.includes('--json');
	const args = argv.filter((a) => a !== '--json');
	if (args.includes('--help') || args.includes('-h')) {
		out.write(`${USAGE}\n`);
		return 0;
	}
	const unknown = args.find((a) => a.startsWith('-'));
	try {
		if (unknown) throw new UsageError(`unknown option ${unknown}`);
		const summaries = resolveFiles(args).map(checkFile);
		out.write(
			json ? `${JSON.stringify({ scenarios: summaries }, null, 2)}\n` : formatText(summaries)
		);
		return summaries.every((s) => s.valid) ? 0 : 1;
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		err.write(`check-scenarios: ${e.message}\n${USAGE}\n`);
		return 2;
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	process.exitCode = main(process.argv.slice(2));
}
