import { describe, expect, it } from 'vitest';
import { buildDashboard, NO_FILTERS, type DashboardItem } from './dashboard';
import { CSV_SECTIONS, dashboardCsv } from './dashboard-export';
import { SCORING_VERSION } from '../engine/score/session-score';
import type { SessionSummary } from '../engine/score/summary';

const summary: SessionSummary = {
	scoringVersion: SCORING_VERSION,
	sessionId: 's1',
	title: '=HYPERLINK("x"), "Q1" drill',
	scenarioId: 'phish',
	scenarioTitle: 'Phish',
	scenarioHash: 'h',
	facilitatorId: 'fran',
	createdAt: Date.UTC(2026, 0, 10, 9),
	startedAt: Date.UTC(2026, 0, 10, 10),
	endedAt: Date.UTC(2026, 0, 10, 11),
	phases: [
		{ id: 'identification', name: 'Identification' },
		{ id: 'containment', name: 'Containment' }
	],
	teams: [
		{
			id: 'red',
			name: 'Red',
			members: 1,
			phases: {
				identification: { earned: 8, reachable: 10, percent: 80 },
				containment: { earned: 0, reachable: 0, percent: null }
			},
			total: { earned: 8, reachable: 10, percent: 80 },
			timeToIdentifyMs: 600_000,
			timeToContainMs: null,
			endingId: 'e',
			outcome: 'good',
			timeouts: 0,
			participation: 1,
			stagesFired: []
		}
	],
	room: { identification: 80, containment: null },
	objectives: [{ id: 'o', title: 'O', phases: [], rating: 'P', byTeam: {} }],
	techniques: { T1078: { red: { earned: 1, reachable: 2 } } },
	trainees: [{ participantId: 'p', name: '@Ana', teamId: 'red', role: 'ic', percent: 80 }],
	planSections: []
};

const items: DashboardItem[] = [
	{
		id: 'i1',
		sessionId: 's1',
		issue: 'No out-of-band\nbridge',
		owner: 'Dana',
		dueDate: '2026-01-20',
		planSection: 'comms',
		review: 'accepted',
		status: 'in-progress'
	}
];

const dashboard = buildDashboard([summary], NO_FILTERS, items, Date.UTC(2026, 1, 1), {
	trainees: true
});

describe('dashboard CSV', () => {
	it('writes sessions with a room row and one row per team, phases as columns', () => {
		expect(dashboardCsv(dashboard, 'sessions', 'https://st.example')).toBe(
			'session_id,ended,scenario_id,scenario,title,team,identification,containment,total,outcome,' +
				'time_to_identify_min,time_to_contain_min,debrief\r\n' +
				`s1,2026-01-10,phish,Phish,"'=HYPERLINK(""x""), ""Q1"" drill",(room),80,,80,,,,` +
				'https://st.example/sessions/s1/debrief\r\n' +
				`s1,2026-01-10,phish,Phish,"'=HYPERLINK(""x""), ""Q1"" drill",Red,80,,80,good,10,,` +
				'https://st.example/sessions/s1/debrief\r\n'
		);
	});

	it('writes overdue items, coverage and trainees', () => {
		expect(dashboardCsv(dashboard, 'overdue')).toBe(
			'item_id,session_id,issue,owner,due_date,days_overdue,plan_section,state\r\n' +
				'i1,s1,"No out-of-band\nbridge",Dana,2026-01-20,12,comms,in-progress\r\n'
		);
		expect(dashboardCsv(dashboard, 'coverage')?.split('\r\n')[1]).toBe(
			'T1078,1,2026-01-10,50,1,no,Phish'
		);
		expect(dashboardCsv(dashboard, 'trainees')?.split('\r\n')[1]).toBe(
			"'@Ana,1,80,2026-01-10,80,Red"
		);
	});

	it('has every section, and no trainees section for a caller who may not see them', () => {
		for (const section of CSV_SECTIONS) {
			expect(dashboardCsv(dashboard, section)?.endsWith('\r\n')).toBe(true);
		}
		const facilitator = buildDashboard([summary], NO_FILTERS, items, Date.UTC(2026, 1, 1));
		expect(dashboardCsv(facilitator, 'trainees')).toBeNull();
		expect(dashboardCsv(dashboard, 'ratings')).toBe(
			'month,P,S,M,U,unrated\r\n2026-01,1,0,0,0,0\r\ntotal,1,0,0,0,0\r\n'
		);
	});
});
