import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadResult, type Located } from '../scenario/load';
import type { PathReport } from './paths';
import { phishFile } from '../testing';
import { closest, formatPath, pathProblems, validateScenario } from './validate';

const fixtures = import.meta.glob('../../../../tests/fixtures/scenarios/**/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** Loads tests/fixtures/scenarios/<name>.yaml. */
function fixture(name: string): LoadResult {
	const text = fixtures[`../../../../tests/fixtures/scenarios/${name}.yaml`];
	if (text === undefined) throw new Error(`no fixture ${name}`);
	return loadScenario(text, `${name}.yaml`);
}

/** `line:column message`, the way the assertions below read. */
const lines = (list: Located[]) => list.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('valid fixtures', () => {
	it.each(['valid/minimal', 'valid/rich', 'valid/consequences', 'valid/with-metadata'])(
		'%s loads with no errors or warnings',
		(name) => {
			const result = fixture(name);
			expect(lines(result.errors)).toEqual([]);
			expect(lines(result.warnings)).toEqual([]);
			expect(result.scenario?.id).toBe(result.source?.id);
		}
	);

	it('the minimal scenario has one team branch, one attacker stage and two endings', () => {
		const { scenario, paths } = fixture('valid/minimal');
		const team = Object.values(scenario!.decisionByKey).filter((d) => d.team);
		expect(team).toHaveLength(1);
		expect(scenario!.stages).toHaveLength(1);
		expect(paths!.endings).toEqual({ contained: 1, spread: 2 });
	});
});

describe('rule 1: duplicate ids', () => {
	it('reports the duplicate where it is and where the id was first defined', () => {
		expect(lines(fixture('invalid/duplicate-ids').errors)).toEqual([
			"15:11 duplicate role id 'lead' (first defined at 14:11)",
			"30:19 duplicate option (in decision 'contain') id 'yes' (first defined at 29:19)",
			"31:9 duplicate inject id 'alert' (first defined at 17:9)"
		]);
	});

	it('checks decisions and artefacts within an inject, and every other collection', () => {
		const file = phishFile();
		const alert = file.injects[1];
		alert.decisions!.push({ ...alert.decisions![0] });
		alert.artefacts!.push({ ...alert.artefacts![0] });
		file.endings.push({ ...file.endings[1] });
		file.attacker!.push({ ...file.attacker![0] });
		file.objectives.push({ ...file.objectives[0] });
		file.phases = [
			{ id: 'identification', name: 'Identification' },
			{ id: 'identification', name: 'Again' }
		];
		const messages = validateScenario(file).errors.map((e) => e.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				"duplicate phase id 'identification'",
				"duplicate objective id 'detect'",
				"duplicate attacker stage id 'lateral'",
				"duplicate ending id 'bad'",
				"duplicate decision (in inject 'alert') id 'flag'",
				"duplicate artefact (in inject 'alert') id 'sysmon'"
			])
		);
	});
});

describe('rule 2: dangling references', () => {
	const errors = lines(fixture('invalid/dangling-references').errors);

	it.each([
		[
			'objective phases',
			"12:58 objective phase 'recovry' is not a phase of the default phase model (preparation, identification, containment, eradication, recovery, lessons-learned); did you mean 'recovery'?"
		],
		['audience roles', `23:22 audience: unknown role 'analyst' (roles: lead, or "all")`],
		[
			'decision artefact',
			"31:19 artefact: inject 'alert' has no artefact 'sysmn'; did you mean 'sysmon'?"
		],
		['decision objectives', "37:22 unknown objective 'contian'; did you mean 'contain'?"],
		['team decider', `38:26 decider: unknown role 'ciso' (a role id or "majority")`],
		['option next', "40:78 option 'isolate' releases unknown inject 'isolated'"],
		[
			'score keys',
			"41:48 score key 'contaiment' is not a phase of the default phase model (preparation, identification, containment, eradication, recovery, lessons-learned); did you mean 'containment'?"
		],
		['after', "46:12 after: unknown inject 'alrt'; did you mean 'alert'?"],
		[
			'visited()',
			"49:70 attacker[0].unless: visited(): unknown inject 'alret'; did you mean 'alert'?"
		],
		['stage inject', "49:86 attacker stage releases unknown inject 'spread'"],
		['fired()', "51:46 endings[0].when: fired(): unknown attacker stage 'lateral-move'"]
	])('%s', (_, expected) => {
		expect(errors).toContain(expected);
	});

	it('checks the artefact is a log with indicator lines, and timeout next', () => {
		const file = phishFile();
		const log = file.injects[1].artefacts![0];
		if (log.type !== 'log') throw new Error('fixture changed');
		log.lines = log.lines.map((line) => (typeof line === 'string' ? line : line.text));
		file.injects[1].decisions![1].timeout!.next = 'nowhere';
		const errors = validateScenario(file).errors;
		expect(errors).toContainEqual({
			path: ['injects', 1, 'decisions', 0, 'artefact'],
			message: "log 'sysmon' has no line with indicator: true, so there is nothing to flag"
		});
		expect(errors).toContainEqual({
			path: ['injects', 1, 'decisions', 1, 'timeout', 'next'],
			message: "timeout releases unknown inject 'nowhere'"
		});
	});

	it('accepts "all" in an audience and "majority" as decider', () => {
		const file = phishFile();
		file.injects[1].audience = ['all'];
		file.injects[1].decisions![1].team = { decider: 'majority' };
		expect(validateScenario(file).errors).toEqual([]);
	});
});

describe('rule 3: expressions', () => {
	it('locates syntax, name and type errors inside the scalar, plain or quoted', () => {
		expect(lines(fixture('invalid/expressions').errors)).toEqual([
			"24:20 injects[0].when: write 'and' instead of '&&'",
			"36:35 injects[0].decisions[0].options[0].effects[0]: 'isolated' is a boolean; cannot assign a number",
			"36:39 injects[0].decisions[0].options[0].effects[1]: unknown variable 'hostIsolated'",
			'39:63 attacker[0].unless: a condition must be true or false, this is a number',
			"39:72 attacker[0].unless: '+' needs numbers, got a boolean",
			"41:36 endings[0].when: unknown variable 'spread-1' (write a - b, with spaces, to subtract)"
		]);
	});

	it('refuses variable names the language cannot refer to', () => {
		const file = phishFile({ variables: { 'host-isolated': false, not: true, constructor: 1 } });
		const messages = validateScenario(file).errors.map((e) => [e.path.join('.'), e.message]);
		expect(messages).toEqual(
			expect.arrayContaining([
				[
					'variables.host-isolated',
					"variable name 'host-isolated' must be letters, digits and _ (not starting with a digit), e.g. hostIsolated"
				],
				['variables.not', "variable name 'not' is reserved"],
				['variables.constructor', "variable name 'constructor' is reserved"]
			])
		);
	});

	it('does not treat Object.prototype names as declared variables', () => {
		const file = phishFile();
		file.endings[0].when = 'toString';
		expect(validateScenario(file).errors.map((e) => e.message)).toContain(
			"endings[0].when: unknown variable 'toString'"
		);
	});
});

describe('rule 4: semantics', () => {
	const errors = lines(fixture('invalid/semantics').errors);

	it.each([
		['duration', '9:18 duration.min (30) is greater than duration.max (15)'],
		[
			'inject phase',
			"21:12 phase 'detection' is not a phase of the default phase model (preparation, identification, containment, eradication, recovery, lessons-learned)"
		],
		['at and after', '24:12 an inject has `at` or `after`, not both'],
		['team kind', '31:15 a team decision is of kind single or text (this one is multiple)'],
		['two options', '41:11 a single decision needs at least 2 options (has 1)'],
		[
			'individual next',
			"41:32 an individual decision's options have no `next` (individual answers are scored and never branch); make the decision a team decision with team: { decider: ... }"
		],
		['indicators phase', '42:9 an indicators decision needs `phase`'],
		['indicators log', "45:19 artefact 'mail' is an email; indicators are flagged in a log"],
		[
			'text points',
			'47:9 a text decision needs `points` (or scored: false when the facilitator does not score it)'
		],
		[
			'decider audience',
			"54:26 decider 'lead' is not in the inject's audience (analyst), so nobody could lock the decision"
		],
		['timeout deadline', '58:9 `timeout` needs a `deadline`'],
		[
			'stage inject trigger',
			"72:62 attacker stage releases inject 'alert-2', which has `at`; an inject released by a branch or an attacker stage has neither at nor after"
		]
	])('%s', (_, expected) => {
		expect(errors).toContain(expected);
	});

	it('reports nothing else', () => {
		expect(errors).toHaveLength(12);
	});

	it('refuses a timeout or effects on an individual decision and scoring fields on choices', () => {
		const file = phishFile();
		const ready = file.injects[0].decisions![0];
		ready.deadline = '5m';
		ready.timeout = { feedback: 'Late.' };
		ready.options![0].effects = ['hostIsolated = true'];
		ready.points = 3;
		const messages = validateScenario(file).errors.map(
			(e) => `${formatPath(e.path)}: ${e.message}`
		);
		expect(messages).toEqual([
			"injects[0].decisions[0].options[0].effects: an individual decision's options have no `effects` (individual answers are scored and never branch); make the decision a team decision with team: { decider: ... }",
			'injects[0].decisions[0].timeout: `timeout` applies to team decisions only; individual answers after the deadline are marked late',
			'injects[0].decisions[0].points: `points` is for indicators and text decisions; a single decision scores its options'
		]);
	});

	it('checks phases against the scenario phase model when it names one', () => {
		const file = phishFile({ phases: [{ id: 'detect', name: 'Detect' }] });
		const messages = validateScenario(file).errors.map((e) => e.message);
		expect(messages).toContain("phase 'identification' is not a phase of the scenario (detect)");
		expect(messages).toContain("score key 'containment' is not a phase of the scenario (detect)");
	});
});

describe('consequences of options', () => {
	it('checks option conditions, scores by state and every inject of a next list, located', () => {
		expect(lines(fixture('invalid/consequences').errors)).toEqual([
			'33:9 every option of this team decision has `when`, so the team may be offered none and could never decide; give one option no `when`, or give the decision a `deadline`',
			'36:19 injects[0].decisions[0].options[0].when: a condition must be true or false, this is a number',
			"38:30 option 'isolate' releases unknown inject 'isolatd'; did you mean 'isolated'?",
			"38:39 option 'isolate' lists inject 'isolated' twice in `next`",
			"43:23 injects[0].decisions[0].options[1].scoresIf[0].when: unknown variable 'revealed'",
			"44:27 score key 'contaiment' is not a phase of the default phase model (preparation, identification, containment, eradication, recovery, lessons-learned); did you mean 'containment'?",
			'45:9 `timeout` needs a `deadline`',
			"46:28 timeout releases unknown inject 'nowhere'"
		]);
	});

	it('follows every inject of a next list in the reachability and loop checks', () => {
		const file = phishFile();
		// 'lateral-alert' is released only by the attacker stage; a list can release it as well.
		file.attacker = [];
		file.endings[0].when = 'hostIsolated';
		file.injects[1].decisions![1].options![0].next = ['isolated', 'lateral-alert'];
		expect(validateScenario(file).errors).toEqual([]);
		file.injects[1].decisions![1].options![0].next = ['isolated'];
		expect(validateScenario(file).errors.map((e) => e.message)).toEqual([
			"inject 'lateral-alert' can never be released: it has no `at` or `after`, and no option, timeout or attacker stage releases it"
		]);
		// A list that leads back to where it came from is a loop.
		file.injects[2].decisions = [
			{
				id: 'again',
				kind: 'single',
				prompt: 'Again?',
				team: { decider: 'ic' },
				options: [
					{ id: 'yes', label: 'Yes', next: ['lateral-alert', 'isolated'] },
					{ id: 'no', label: 'No' }
				]
			}
		];
		expect(validateScenario(file).errors.map((e) => [e.path.join('.'), e.message])).toContainEqual([
			'injects.2.decisions.0.options.0.next.1',
			'loop with no exit: isolated -> isolated; an inject is released at most once per team'
		]);
	});

	it('counts phases scored only under a condition as covered', () => {
		const file = phishFile();
		file.injects[0].decisions![0].options![0].scoresIf = [
			{ when: 'hostIsolated', scores: { recovery: 1 } }
		];
		const uncovered = (f: typeof file) =>
			validateScenario(f).warnings.filter((w) => w.message.includes("phase 'recovery'"));
		expect(uncovered(file)).toEqual([]);
		expect(uncovered(phishFile())).toHaveLength(1);
	});
});

describe('rule 5: unreachable injects', () => {
	it('reports injects nothing releases, and what they wait for', () => {
		expect(lines(fixture('invalid/unreachable').errors)).toEqual([
			"18:9 inject 'escalation' can never be released: it has no `at` or `after`, and no option, timeout or attacker stage releases it",
			"23:11 inject 'follow-up' can never be released: it comes after 'escalation', which is never released"
		]);
	});
});

describe('rule 6: loops', () => {
	it('reports the loop at the edge that closes it', () => {
		expect(lines(fixture('invalid/loop').errors)).toEqual([
			'56:59 loop with no exit: vendor -> reminder -> vendor; an inject is released at most once per team'
		]);
	});

	it('finds a loop of after-links, and an inject after itself', () => {
		const file = phishFile();
		file.injects[2].after = 'spread-news';
		file.injects[3].after = 'isolated';
		file.injects[4].after = 'lateral-alert';
		const loops = validateScenario(file)
			.errors.filter((e) => e.message.startsWith('loop'))
			.map((e) => e.message.split(';')[0]);
		expect(loops).toEqual(
			expect.arrayContaining([
				'loop with no exit: isolated -> spread-news -> isolated',
				'loop with no exit: lateral-alert -> lateral-alert'
			])
		);
	});
});

describe('rule 7: paths with no ending', () => {
	it('reports each path at the endings key, naming its choices', () => {
		const result = fixture('invalid/dead-end');
		expect(lines(result.errors)).toEqual([
			"34:1 a path ends with no ending: no ending's `when` holds after alert/contain=wait; add a fallback ending without `when`",
			"34:1 a path ends with no ending: no ending's `when` holds after alert/contain=timeout; add a fallback ending without `when`"
		]);
		expect(result.scenario).toBeUndefined();
		expect(result.paths?.deadEnds).toHaveLength(2);
	});

	it('warns when the explorer was cut short instead of claiming every path was checked', () => {
		const report: PathReport = {
			paths: 10,
			truncated: true,
			bound: 10,
			states: 10,
			minMs: 0,
			maxMs: 0,
			endings: {},
			deadEnds: [],
			bestScore: {}
		};
		const { errors, warnings } = pathProblems(phishFile(), report);
		expect(errors).toEqual([]);
		expect(warnings.map((w) => w.message)).toEqual([
			'the path explorer stopped after 10 distinct states; paths beyond them are not checked'
		]);
	});
});

describe('metadata', () => {
	it('checks the ids of NIST CSF 2.0 control mappings, and leaves other frameworks alone', () => {
		const file = phishFile({
			controls: [
				{ framework: 'NIST CSF 2.0', id: 'RS.MA-01' },
				{ framework: 'NIST CSF 2.0', id: 'rs.ma-1' },
				{ framework: 'CSF 2.0', id: 'Respond' },
				{ framework: 'CIS Controls v8', id: '17.4' },
				{ framework: 'ISO 27001:2022', id: 'A.5.24' }
			]
		});
		expect(validateScenario(file).errors).toEqual([
			{
				path: ['controls', 1, 'id'],
				message:
					"controls[1].id: 'rs.ma-1' is not a NIST CSF 2.0 id: a function (GV, ID, PR, DE, RS, RC), category (RS.MA) or subcategory (RS.MA-01); did you mean 'RS.MA-01'?"
			},
			{
				path: ['controls', 2, 'id'],
				message:
					"controls[2].id: 'Respond' is not a NIST CSF 2.0 id: a function (GV, ID, PR, DE, RS, RC), category (RS.MA) or subcategory (RS.MA-01)"
			}
		]);
	});

	it('locates metadata errors in the file', () => {
		const text = fixtures['../../../../tests/fixtures/scenarios/valid/with-metadata.yaml']
			.replace('id: RS.MA-01', 'id: RS.MA-1')
			.replace('https://cert.example.org/tabletops/phishing', 'javascript:alert(1)');
		expect(lines(loadScenario(text, 'm.yaml').errors)).toEqual([
			'13:8 source.url: must be an http(s) URL, got "javascript:alert(1)"'
		]);
		const csf = fixtures['../../../../tests/fixtures/scenarios/valid/with-metadata.yaml'].replace(
			'id: RS.MA-01',
			'id: RS.MA-1'
		);
		expect(lines(loadScenario(csf, 'm.yaml').errors)).toEqual([
			"23:36 controls[1].id: 'RS.MA-1' is not a NIST CSF 2.0 id: a function (GV, ID, PR, DE, RS, RC), category (RS.MA) or subcategory (RS.MA-01); did you mean 'RS.MA-01'?"
		]);
	});
});

describe('rule 8: warnings', () => {
	it('warns about uncovered phases, unlisted objectives, endings no path reaches, late injects and missing milestones', () => {
		const result = fixture('valid/with-warnings');
		expect(lines(result.errors)).toEqual([]);
		expect(lines(result.warnings)).toEqual([
			"15:11 no scored decision covers phase 'recover' (Recover), so it always scores 0",
			"18:11 no decision lists objective 'restore' in its objectives, so the debrief has nothing to evaluate it by",
			'21:1 no inject, option or timeout has milestone: identified, so time-to-identify stays empty in the debrief',
			'21:1 no inject, option or timeout has milestone: contained, so time-to-contain stays empty in the debrief',
			"37:64 inject 'late' is released at 50m (50 min), far past the stated duration: more than 1.5 × duration.max (30 min): at speed 1 the estimated exercise is over before then; bring it forward, raise duration.max, or be ready to speed up the clock or release it by hand",
			"40:11 no path reaches ending 'never'"
		]);
	});

	it('warns about an `at` only when it is more than 1.5 × duration.max, for injects and stages', () => {
		const late = (at: string | number) => {
			const file = phishFile();
			file.injects[0].at = at;
			file.attacker[0].at = at;
			return validateScenario(file).warnings.filter((w) => /far past/.test(w.message));
		};
		// duration.max is 60: 90 minutes is the limit, and is not warned about.
		expect(late(90)).toEqual([]);
		expect(late('1h30m')).toEqual([]);
		expect(late('1h30m1s').map((w) => w.path)).toEqual([
			['injects', 0, 'at'],
			['attacker', 0, 'at']
		]);
		expect(late(91).map((w) => w.message)).toEqual([
			"inject 'brief' is released at 91, far past the stated duration: more than 1.5 × duration.max (60 min): at speed 1 the estimated exercise is over before then; bring it forward, raise duration.max, or be ready to speed up the clock or release it by hand",
			"attacker stage 'lateral' fires at 91, far past the stated duration: more than 1.5 × duration.max (60 min): at speed 1 the estimated exercise is over before then; bring it forward, raise duration.max, or be ready to speed up the clock or release it by hand"
		]);
	});

	it('warns once per timed milestone that no inject, option or timeout reaches', () => {
		const milestones = (file: ReturnType<typeof phishFile>) =>
			validateScenario(file)
				.warnings.filter((w) => /milestone/.test(w.message))
				.map((w) => w.message);
		const file = phishFile();
		// The engine scenario marks `contained` on an option, and nothing `identified`.
		expect(milestones(file)).toEqual([
			'no inject, option or timeout has milestone: identified, so time-to-identify stays empty in the debrief'
		]);
		file.injects[1].decisions![1].timeout!.milestone = 'identified';
		expect(milestones(file)).toEqual([]);
		for (const inject of file.injects) {
			for (const d of inject.decisions ?? []) {
				for (const o of d.options ?? []) delete o.milestone;
				delete d.timeout;
			}
		}
		file.injects[0].milestone = 'identified';
		expect(milestones(file)).toEqual([
			'no inject, option or timeout has milestone: contained, so time-to-contain stays empty in the debrief'
		]);
	});

	it('suggests the stage or inject meant in fired() and visited()', () => {
		const file = phishFile();
		file.endings[0].when = 'fired(latral) or visited(phsh)';
		const messages = validateScenario(file).errors.map((e) => e.message);
		expect(messages).toContain(
			"endings[0].when: fired(): unknown attacker stage 'latral'; did you mean 'lateral'?"
		);
		expect(messages.some((m) => /visited\(\): unknown inject 'phsh'$/.test(m))).toBe(true);
	});

	it('does not judge plan section ids, which are organisation-specific', () => {
		const result = fixture('valid/with-warnings');
		expect(result.source?.injects[0].decisions?.[0].options?.[0].plan).toBe(
			'my-own-plan.section-9'
		);
		expect(result.warnings.some((w) => /plan/.test(w.message))).toBe(false);
	});
});

describe('helpers', () => {
	it('formats paths the way messages name fields', () => {
		expect(formatPath(['injects', 3, 'decisions', 0, 'kind'])).toBe('injects[3].decisions[0].kind');
		expect(formatPath(['variables', 'a b'])).toBe('variables["a b"]');
	});

	it('suggests only close names', () => {
		expect(closest('contian', ['contain', 'detect'])).toBe('contain');
		expect(closest('zzz', ['contain', 'detect'])).toBeUndefined();
	});

	it('passes the engine test scenario', () => {
		expect(validateScenario(phishFile()).errors).toEqual([]);
	});
});
