import { describe, expect, it } from 'vitest';
import {
	IMPROVEMENT_CSV_HEADER,
	improvementsCsv,
	summaryLine,
	ticketStatus,
	type ImprovementItem
} from './improvements-csv';

const item = (over: Partial<ImprovementItem> = {}): ImprovementItem => ({
	id: 'i0123456789ab',
	sessionId: 's1',
	sessionTitle: 'April drill, "ransomware"',
	issue: '**Nobody** opened the bridge\n\nSecond paragraph',
	correctiveAction: 'Add the bridge to the checklist',
	planSection: 'roles-and-contacts',
	capabilityElement: 'planning',
	owner: 'Ina Incident',
	dueDate: '2026-12-31',
	review: 'accepted',
	reviewNote: null,
	status: 'in-progress',
	createdAt: Date.UTC(2026, 3, 2),
	updatedAt: Date.UTC(2026, 3, 5),
	...over
});

/** A small RFC 4180 reader, enough to read back what the writer wrote. */
function parse(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted && c === '"' && text[i + 1] === '"') {
			cell += '"';
			i++;
		} else if (quoted && c === '"') quoted = false;
		else if (quoted) cell += c;
		else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

describe('improvement items as CSV for ticketing tools', () => {
	it('writes one row per item under the ticketing columns', () => {
		const rows = parse(improvementsCsv([item()], 'https://st.example'));
		expect(rows[0]).toEqual([...IMPROVEMENT_CSV_HEADER]);
		const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
		expect(row).toMatchObject({
			'External ID': 'i0123456789ab',
			Summary: 'Nobody opened the bridge',
			Assignee: 'Ina Incident',
			'Due date': '2026-12-31',
			Status: 'In Progress',
			Labels: 'sandtable capability-planning plan-roles-and-contacts exercise-s1',
			'Plan section': 'roles-and-contacts',
			Exercise: 'April drill, "ransomware"',
			Created: '2026-04-02',
			Link: 'https://st.example/improvements/i0123456789ab'
		});
		expect(row.Description).toContain('Corrective action: Add the bridge to the checklist');
		expect(row.Description).toContain('https://st.example/sessions/s1/debrief');
	});

	it('defuses formulas in any text a person typed', () => {
		const text = improvementsCsv(
			[item({ owner: '=HYPERLINK("http://evil")', issue: '+cmd|calc', planSection: null })],
			'https://st.example'
		);
		const row = parse(text)[1];
		expect(row[3]).toBe(`'=HYPERLINK("http://evil")`);
		expect(row[1]).toBe(`'+cmd|calc`);
		expect(row[6]).not.toContain('plan-');
	});

	it('states the review until an item is accepted, then its progress', () => {
		expect(ticketStatus({ review: 'pending', status: 'open' })).toBe('Pending review');
		expect(ticketStatus({ review: 'rejected', status: 'open' })).toBe('Rejected');
		expect(ticketStatus({ review: 'accepted', status: 'verified' })).toBe('Verified');
	});

	it('keeps the summary to one line of at most 255 characters', () => {
		expect(summaryLine('\n\n# Heading `x`\nmore')).toBe('Heading x');
		expect(summaryLine('y'.repeat(300))).toHaveLength(255);
	});
});
