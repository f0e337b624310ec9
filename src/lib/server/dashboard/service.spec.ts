import { beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticSummaries } from '#lib/reports/dashboard-fixtures.js';
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { User } from '../auth/types';
import type { ImprovementItem } from '../improvements/store';

const data = vi.hoisted(() => ({
	summaries: [] as SessionSummary[],
	items: [] as Partial<ImprovementItem>[]
}));

vi.mock('../app', () => ({
	summaries: { all: async () => [...data.summaries] },
	improvements: async () => ({ list: () => data.items })
}));
vi.mock('../scenarios', () => ({ listScenarios: async () => [] }));

const { dashboardFor, prepareDashboard } = await import('./service');
const { hasCompactRecord } = await import('#lib/reports/dashboard/compact.js');

const lead: User = { id: 'l', email: 'l@x.test', name: 'Lee', role: 'lead' };
const fran: User = { id: 'f-1', email: 'f@x.test', name: 'Fran', role: 'facilitator' };
const query = {
	filters: { scenarios: [], teams: [], from: null, to: null },
	resolution: 'auto' as const
};
const page = { sessionPage: { page: 1, size: 25 } };

function item(id: string, sessionId: string): Partial<ImprovementItem> {
	return {
		id,
		sessionId,
		issue: id,
		owner: '',
		dueDate: null,
		planSection: null,
		review: 'pending',
		status: 'open',
		updatedAt: 1,
		history: [{ at: 1, by: 'x', change: 'proposed' }]
	};
}

describe('dashboard for a caller', () => {
	beforeEach(() => {
		data.summaries = syntheticSummaries(40, 4);
		data.items = data.summaries.map((s, i) => item(`i${i}`, s.sessionId));
	});

	it('gives a facilitator their own sessions and items only, and no trainees', async () => {
		const own = data.summaries.filter((s) => s.facilitatorId === 'f-1');
		const d = await dashboardFor(fran, query, page);
		expect(d.sessionPage.total).toBe(own.length);
		expect(d.improvements.total).toBe(own.length);
		expect(d.trainees).toBeNull();
		const all = await dashboardFor(lead, query, page);
		expect(all.sessionPage.total).toBe(40);
		expect(all.trainees!.length).toBeGreaterThan(0);
	});

	it('reuses a built view until a summary or an item changes', async () => {
		const first = await dashboardFor(lead, query, page);
		expect(await dashboardFor(lead, query, page)).toBe(first);
		// Another page, scope or query is another view.
		expect(await dashboardFor(lead, query, { sessionPage: { page: 2, size: 25 } })).not.toBe(first);
		expect(await dashboardFor(fran, query, page)).not.toBe(first);

		data.items[0].history!.push({ at: 2, by: 'Lee', change: 'accepted' });
		data.items[0].review = 'accepted';
		const afterItem = await dashboardFor(lead, query, page);
		expect(afterItem).not.toBe(first);
		expect(afterItem.improvements.counts.pending).toBe(first.improvements.counts.pending - 1);

		data.summaries[3] = { ...data.summaries[3], title: 'Renamed' };
		const afterSummary = await dashboardFor(lead, query, page);
		expect(afterSummary).not.toBe(afterItem);
		expect(await dashboardFor(lead, query, page)).toBe(afterSummary);
	});

	it('does not keep views with every session row (exports)', async () => {
		const a = await dashboardFor(lead, query);
		expect(a.sessions).toHaveLength(40);
		const many = syntheticSummaries(300, 5);
		data.summaries = many;
		const full = await dashboardFor(lead, query);
		expect(await dashboardFor(lead, query)).not.toBe(full);
	});

	it("prepares every summary's record ahead of the first request, without holding the event loop", async () => {
		data.summaries = syntheticSummaries(600, 7);
		expect(data.summaries.some(hasCompactRecord)).toBe(false);
		let turns = 0;
		const ticking = setInterval(() => turns++, 0);
		const prepared = await prepareDashboard();
		clearInterval(ticking);
		expect(prepared).toBe(600);
		expect(data.summaries.every(hasCompactRecord)).toBe(true);
		// 600 summaries in batches of 250: the loop ran other work between the batches.
		expect(turns).toBeGreaterThan(0);
	});
});
