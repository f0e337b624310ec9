import { describe, expect, it } from 'vitest';
import { loadScenario } from '#lib/engine/scenario/load.js';
import { readCsv } from '#lib/format/csv-read.js';
import { idFrom, mselTime, mselToScenario, scenarioToMsel } from './msel';

const fixtures = import.meta.glob(
	[
		'../../../tests/fixtures/msel/phishing-drill.csv',
		'../../../tests/fixtures/scenarios/valid/minimal.yaml'
	],
	{ query: '?raw', import: 'default', eager: true }
) as Record<string, string>;
const drill = fixtures['../../../tests/fixtures/msel/phishing-drill.csv'];
const minimal = fixtures['../../../tests/fixtures/scenarios/valid/minimal.yaml'];
const options = { file: 'drill.csv', title: 'Phishing drill', author: 'Fran Facilitator' };

function imported(text: string) {
	const result = mselToScenario(text, options);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result;
}

describe('CSV reading with positions', () => {
	it('keeps where each field starts, across quoted line breaks and doubled quotes', () => {
		const read = readCsv('\uFEFFa,"b ""q""",c\r\n"x\ny",z\n\n,last,');
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.rows.map((r) => r.map((f) => f.value))).toEqual([
			['a', 'b "q"', 'c'],
			['x\ny', 'z'],
			['', 'last', '']
		]);
		expect(read.rows[0][2]).toMatchObject({ line: 1, column: 13 });
		expect(read.rows[1][1]).toMatchObject({ line: 3, column: 4 });
		expect(read.rows[2][1]).toMatchObject({ line: 5, column: 2 });
	});

	it('points at a quote that is never closed, or text after a closing quote', () => {
		expect(readCsv('a,b\n1,"open\n2,3')).toMatchObject({ ok: false, line: 2, column: 3 });
		expect(readCsv('a,"b"c')).toMatchObject({ ok: false, line: 1, column: 6 });
	});
});

describe('MSEL import', () => {
	it('reads MSEL times in the forms practitioners write them', () => {
		expect(mselTime('0:15')).toBe('15m');
		expect(mselTime('T+1:05')).toBe('1h5m');
		expect(mselTime('2:00')).toBe('2h');
		expect(mselTime('0:01:30')).toBe('90s');
		expect(mselTime('45')).toBe('45m');
		expect(mselTime('1h30m')).toBe('1h30m');
		expect(mselTime('soon')).toBeNull();
		expect(idFrom('Détecter: la campagne!', 'x')).toBe('detecter-la-campagne');
		expect(idFrom('!!!', 'fallback')).toBe('fallback');
	});

	it('turns every row into a timed inject that the checker accepts as it is', () => {
		const result = imported(drill);
		const s = result.scenario;
		expect(s.id).toBe('phishing-drill');
		expect(s.injects.map((i) => [i.id, i.at, i.channel, i.phase])).toEqual([
			['suspicious-mail-reported', '0m', 'ticket', 'identification'],
			['second-click', '15m', 'alert', 'containment'],
			['reporter-calls', '1h5m', 'phone', 'recovery']
		]);
		expect(s.roles.map((r) => r.id)).toEqual([
			'soc-analyst',
			'incident-lead',
			'communications-lead'
		]);
		expect(s.injects[1].audience).toEqual(['soc-analyst', 'incident-lead']);
		expect(s.injects[2].body).toBe(
			'A reporter asks whether staff data leaked.\nThey have a screenshot.'
		);
		expect(s.injects[0].expectedActions).toEqual([
			'Triage the report',
			'Pull the message from other mailboxes'
		]);
		expect(s.injects[0].facilitatorNotes).toBe('Hand out the printed ticket');
		expect(s.objectives).toEqual([
			{
				id: 'detect-the-phishing-campaign',
				title: 'Detect the phishing campaign',
				phases: ['identification'],
				capability: 'Operational Coordination'
			},
			{
				id: 'contain-the-compromised-laptop',
				title: 'Contain the compromised laptop',
				phases: ['containment'],
				capability: 'Operational Coordination'
			},
			{
				id: 'keep-communications-on-plan',
				title: 'Keep communications on plan',
				phases: ['recovery'],
				capability: 'Public Information and Warning'
			}
		]);
		expect(s.duration).toEqual({ min: 65, max: 95 });
		// The Move column is part of HSEEP's layout but not of a scenario: it is passed over quietly.
		expect(result.warnings).toEqual([]);
		const loaded = loadScenario(result.yaml, 'drill.yaml');
		expect(loaded.errors).toEqual([]);
		expect(loaded.scenario?.injects.length).toBe(3);
	});

	it('points at each bad cell by line and column and builds nothing', () => {
		const csv = [
			'Time,Inject,Method,Message,Phase,Colour',
			'0:10,First,Email,Hello,Identification,red',
			'soon,Second,Carrier pigeon,"Two',
			'lines",Containment,blue',
			'0:20,,Phone,,Triage,green'
		].join('\n');
		const result = mselToScenario(csv, options);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const where = result.errors.map((e) => `${e.line}:${e.column}: ${e.message.split(':')[0]}`);
		expect(where).toEqual([
			'3:1: Time',
			'3:13: Method',
			'5:6: Inject',
			'5:13: Message',
			'5:14: Phase'
		]);
		expect(result.errors[1].message).toContain("'Carrier pigeon' is not a delivery method");
		expect(result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
			"1:34 column 'Colour' is not imported"
		]);
	});

	it('refuses more rows than a scenario may have injects, at the first one too many', () => {
		const rows = Array.from(
			{ length: 301 },
			(_, i) => `0:${String(i % 60).padStart(2, '0')},Inject ${i},Email,Body`
		);
		const result = mselToScenario(['Time,Inject,Method,Message', ...rows].join('\n'), options);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
			'302:1 too many injects: a scenario has at most 300 (this is row 301)'
		]);
	});

	it('names the columns a header lacks', () => {
		const result = mselToScenario('When,What\n1,x', options);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => e.message)).toEqual([
			expect.stringContaining("no time column: the header needs one of 'time'"),
			expect.stringContaining('no inject column'),
			expect.stringContaining('no message column'),
			expect.stringContaining('no method column')
		]);
		expect(mselToScenario('', options)).toMatchObject({
			ok: false,
			errors: [{ message: 'the file is empty' }]
		});
	});
});

describe('MSEL export', () => {
	it('writes a scenario back as the columns it was imported from, and the import reads it again', () => {
		const first = imported(drill);
		const csv = scenarioToMsel(first.scenario);
		const read = readCsv(csv);
		if (!read.ok) throw new Error(read.message);
		expect(read.rows[0].map((f) => f.value)).toEqual([
			'#',
			'Time',
			'Phase',
			'Inject',
			'From',
			'To',
			'Method',
			'Message',
			'Expected actions',
			'Objective',
			'Capability',
			'Decisions',
			'Trigger',
			'Notes'
		]);
		expect(read.rows[2].map((f) => f.value).slice(0, 7)).toEqual([
			'2',
			'0:15',
			'Containment',
			'Second click',
			'EDR console',
			'SOC analyst; Incident lead',
			'alert'
		]);
		const again = imported(csv);
		expect(again.warnings).toEqual([]);
		expect(again.scenario.injects).toEqual(first.scenario.injects);
		expect(again.scenario.objectives).toEqual(first.scenario.objectives);
		expect(again.scenario.roles).toEqual(first.scenario.roles);
	});

	it('lists branch-released injects after the timed ones, with what releases them', () => {
		const loaded = loadScenario(minimal, 'minimal.yaml');
		const read = readCsv(scenarioToMsel(loaded.source!));
		if (!read.ok) throw new Error(read.message);
		const rows = read.rows.slice(1).map((r) => ({
			time: r[1].value,
			title: r[3].value,
			decisions: r[11].value,
			trigger: r[12].value
		}));
		expect(rows[0]).toEqual({
			time: '0:00',
			title: 'EDR alert on LT-07',
			decisions: 'What do you do with LT-07?\n  - Isolate it from the network\n  - Keep watching',
			trigger: ''
		});
		expect(rows.slice(1).map((r) => [r.time, r.trigger])).toEqual([
			['', "on option 'Isolate it from the network' of 'EDR alert on LT-07'"],
			['', "on attacker stage 'Lateral movement over SMB'"]
		]);
	});
});

describe('MSEL as an XLSX workbook', () => {
	it('exports the CSV’s rows to a workbook that imports back to the same injects', async () => {
		const { mselXlsxToScenario, scenarioToMselXlsx } = await import('./msel');
		const { readXlsx } = await import('#lib/format/xlsx.js');
		const first = imported(drill);
		const bytes = scenarioToMselXlsx(first.scenario);
		const sheet = readXlsx(bytes);
		if (!sheet.ok) throw new Error(sheet.message);
		const csv = readCsv(scenarioToMsel(first.scenario));
		if (!csv.ok) throw new Error(csv.message);
		// The same cells (a CSV defuses formulas with a leading quote; a workbook has no need).
		const undefused = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);
		expect(sheet.rows.map((r) => r.map((f) => f.value))).toEqual(
			csv.rows.map((r) => r.map((f) => undefused(f.value)))
		);
		const again = mselXlsxToScenario(bytes, { ...options, file: 'drill.xlsx' });
		if (!again.ok) throw new Error(JSON.stringify(again.errors));
		expect(again.scenario.injects).toEqual(first.scenario.injects);
		expect(loadScenario(again.yaml, 'x.yaml').errors).toEqual([]);
	});

	it('points at a bad cell as file:row:column, and refuses a file that is not a workbook', async () => {
		const { mselXlsxToScenario } = await import('./msel');
		const { writeXlsx } = await import('#lib/format/xlsx.js');
		const bytes = writeXlsx(
			'MSEL',
			['Time', 'Inject', 'Method', 'Message'],
			[
				['0:15', 'Alert', 'alert', 'The EDR fires.'],
				['soon', 'Call', 'phone', 'The CEO calls.']
			]
		);
		const result = mselXlsxToScenario(bytes, { ...options, file: 'drill.xlsx' });
		expect(result.ok).toBe(false);
		expect(result.ok ? [] : result.errors).toEqual([
			expect.objectContaining({ file: 'drill.xlsx', line: 3, column: 1 })
		]);
		const csv = mselXlsxToScenario(new TextEncoder().encode(drill), options);
		expect(csv).toMatchObject({ ok: false, errors: [{ line: 1, column: 1 }] });
	});
});
