import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFile, formatText, type FileSummary } from './check-scenarios';

const FIXTURES = 'tests/fixtures/scenarios';

/** Runs the checker as `npm run scenarios:check` does, in its own process (tsx, without npx). */
function run(...args: string[]) {
	const child = spawnSync('node_modules/.bin/tsx', ['scripts/check-scenarios.ts', ...args], {
		encoding: 'utf8',
		timeout: 120_000
	});
	return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const SUMMARY_KEYS = [
	'file',
	'id',
	'title',
	'valid',
	'errors',
	'warnings',
	'phases',
	'injects',
	'decisions',
	'branchPoints',
	'attackerStages',
	'paths',
	'pathsTruncated',
	'endings',
	'minMinutes',
	'maxMinutes',
	'chance',
	'endingProbability'
];

describe('check-scenarios CLI', () => {
	it('--json prints one JSON document and exits 0 when every file is valid', () => {
		const { code, stdout } = run('--json', `${FIXTURES}/valid`);
		expect(code).toBe(0);
		const { scenarios } = JSON.parse(stdout) as { scenarios: FileSummary[] };
		expect(scenarios.map((s) => s.file)).toEqual([
			`${FIXTURES}/valid/consequences.yaml`,
			`${FIXTURES}/valid/minimal.yaml`,
			`${FIXTURES}/valid/rich.yaml`,
			`${FIXTURES}/valid/with-metadata.yaml`,
			`${FIXTURES}/valid/with-warnings.yaml`
		]);
		for (const s of scenarios) expect(Object.keys(s).sort()).toEqual([...SUMMARY_KEYS].sort());
		const named = (name: string) => scenarios.find((s) => s.file.endsWith(`/${name}.yaml`))!;
		expect(named('minimal')).toMatchObject({
			id: 'minimal',
			title: 'Minimal phish',
			valid: true,
			errors: [],
			warnings: [],
			phases: ['Identification', 'Containment'],
			injects: 3,
			decisions: 1,
			branchPoints: 1,
			attackerStages: 1,
			paths: 3,
			endings: 2,
			minMinutes: 15,
			maxMinutes: 15
		});
		expect(named('with-warnings').warnings[0]).toEqual({
			file: `${FIXTURES}/valid/with-warnings.yaml`,
			line: 15,
			column: 11,
			message: "no scored decision covers phase 'recover' (Recover), so it always scores 0"
		});
	}, 120_000);

	it('prints a table and file:line:col errors, and exits 1 when a file is invalid', () => {
		const { code, stdout } = run(`${FIXTURES}/valid/minimal.yaml`, `${FIXTURES}/invalid/loop.yaml`);
		expect(code).toBe(1);
		const [header] = stdout.split('\n');
		for (const column of ['file', 'id', 'valid', 'errors', 'branch points', 'paths', 'phases']) {
			expect(header).toContain(column);
		}
		expect(stdout).toMatch(/^tests\/fixtures\/scenarios\/valid\/minimal\.yaml +minimal +yes /m);
		expect(stdout).toMatch(/^tests\/fixtures\/scenarios\/invalid\/loop\.yaml +loop +NO /m);
		expect(stdout).toContain(
			`${FIXTURES}/invalid/loop.yaml:56:59: error: loop with no exit: vendor -> reminder -> vendor; an inject is released at most once per team`
		);
		expect(stdout).toContain('1 of 2 scenario file(s) invalid');
	}, 120_000);

	it('--json reports invalid files with their located errors and no play statistics', () => {
		const { code, stdout } = run('--json', `${FIXTURES}/invalid/schema.yaml`);
		expect(code).toBe(1);
		const [summary] = (JSON.parse(stdout) as { scenarios: FileSummary[] }).scenarios;
		expect(summary).toMatchObject({ valid: false, id: null, injects: null, paths: null });
		expect(summary.errors[0]).toEqual({
			file: `${FIXTURES}/invalid/schema.yaml`,
			line: 3,
			column: 5,
			message: 'id: must be lowercase letters, digits and hyphens (max 64), got "Schema-Errors"'
		});
	}, 120_000);

	it.each([['--bogus'], ['no/such/file.yaml']])(
		'exits 2 on a usage error: %s',
		(arg) => {
			const { code, stdout, stderr } = run('--json', arg);
			expect(code).toBe(2);
			expect(stdout).toBe('');
			expect(stderr).toContain('usage: check-scenarios');
		},
		120_000
	);
});

describe('the shipped scenarios', () => {
	const files = readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f));

	it.each(files)(
		'scenarios/%s is valid',
		(name) => {
			const summary = checkFile(`scenarios/${name}`);
			const problems = summary.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
			expect(problems).toEqual([]);
			expect(summary.endings).toBeGreaterThan(1);
		},
		120_000
	);
});

describe('check-scenarios text report', () => {
	it('prints how likely each ending is where chance is involved', () => {
		const base = checkFile(`${FIXTURES}/valid/${readdirSync(`${FIXTURES}/valid`)[0]}`);
		expect(base.chance).toBe(false);
		expect(formatText([base])).not.toContain('chance involved');
		const text = formatText([
			{ ...base, chance: true, endingProbability: { good: 0.6667, bad: 0.3333 } }
		]);
		expect(text).toContain(
			`${base.file}: chance involved; endings with every choice equally likely: good 66.7%, bad 33.3%`
		);
	}, 120_000);
});
