import { describe, expect, it } from 'vitest';
import { instanceFor, parseBackendOptions, shareConnections, splitByInstance } from './options';

describe('benchmark backend options', () => {
	it('defaults to the embedded backend and one instance', () => {
		expect(parseBackendOptions([])).toEqual({ backend: 'embedded', instances: 1 });
		expect(parseBackendOptions(['--quick', '--sessions=5'])).toEqual({
			backend: 'embedded',
			instances: 1
		});
	});

	it('takes PostgreSQL with several instances', () => {
		expect(parseBackendOptions(['--backend=postgres', '--instances=2'])).toEqual({
			backend: 'postgres',
			instances: 2
		});
		expect(parseBackendOptions(['--backend=postgres'])).toEqual({
			backend: 'postgres',
			instances: 1
		});
	});

	it('refuses several instances on the embedded backend, saying why', () => {
		const r = parseBackendOptions(['--instances=2']);
		expect(r).toHaveProperty('error');
		expect((r as { error: string }).error).toMatch(/needs --backend=postgres/);
		expect(parseBackendOptions(['--backend=embedded', '--instances=3'])).toHaveProperty('error');
	});

	it('refuses an unknown backend and a count that is not a whole number of 1 or more', () => {
		expect(parseBackendOptions(['--backend=mysql'])).toEqual({
			error: '--backend=mysql: use --backend=embedded or --backend=postgres'
		});
		for (const bad of ['0', '-1', '1.5', 'two', '']) {
			expect(parseBackendOptions(['--backend=postgres', `--instances=${bad}`])).toHaveProperty(
				'error'
			);
		}
	});
});

describe('spreading trainees over instances', () => {
	/** Counts per instance of the trainees `i` for which `pick(i)` holds. */
	function counts(
		n: number,
		layout: Parameters<typeof instanceFor>[1],
		pick: (i: number) => boolean
	) {
		const c = Array.from({ length: layout.instances }, () => 0);
		for (let i = 0; i < n; i++) if (pick(i)) c[instanceFor(i, layout)]++;
		return c;
	}
	const spread = (c: number[]) => Math.max(...c) - Math.min(...c);

	it('puts everyone on instance 0 when there is one instance', () => {
		const layout = { sessions: 3, teams: 4, instances: 1 };
		expect(counts(100, layout, () => true)).toEqual([100]);
	});

	it('splits every session and every team evenly, even when the sessions are a multiple of the instances', () => {
		for (const layout of [
			{ sessions: 50, teams: 4, instances: 2 },
			{ sessions: 1, teams: 50, instances: 2 },
			{ sessions: 1, teams: 40, instances: 2 },
			{ sessions: 10, teams: 4, instances: 3 },
			{ sessions: 7, teams: 5, instances: 2 }
		]) {
			const n = layout.sessions * layout.teams * 6;
			expect(spread(counts(n, layout, () => true))).toBeLessThanOrEqual(1);
			for (let s = 0; s < layout.sessions; s++) {
				const inSession = (i: number) => i % layout.sessions === s;
				expect(spread(counts(n, layout, inSession))).toBeLessThanOrEqual(1);
				for (let t = 0; t < layout.teams; t++) {
					// The team a trainee joins, as bench/load.ts deals them.
					const inTeam = (i: number) =>
						inSession(i) && Math.floor(i / layout.sessions) % layout.teams === t;
					expect(spread(counts(n, layout, inTeam))).toBeLessThanOrEqual(1);
				}
			}
		}
	});

	it('splits a list by instance in order, and shares connections out', () => {
		expect(splitByInstance(['a', 'b', 'c', 'd', 'e'], 2, (_, i) => i % 2)).toEqual([
			['a', 'c', 'e'],
			['b', 'd']
		]);
		expect(splitByInstance([1, 2], 3, () => 1)).toEqual([[], [1, 2], []]);
		expect(shareConnections(256, 2)).toEqual([128, 128]);
		expect(shareConnections(7, 3)).toEqual([3, 2, 2]);
		expect(shareConnections(256, 1)).toEqual([256]);
	});
});
