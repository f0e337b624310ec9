import { describe, expect, it, vi } from 'vitest';
import { createViewQueue } from './view-queue';

/**
 * Resolves after the immediates queued before it: the queue's first slice was queued when its
 * first job was added, and immediates run in order (a timer of 0 ms might fire before them).
 */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('createViewQueue', () => {
	it('does queued work a slice at a time, with other callbacks running between slices', async () => {
		let clock = 0;
		const queue = createViewQueue(
			4,
			() => {},
			() => clock
		);
		const order: string[] = [];
		let answered: () => void = () => {};
		const answer = new Promise<void>((r) => (answered = r));
		// Each view "takes" 3 ms of the fake clock: two fit in a 4 ms slice (the second crosses it).
		// While the first is built, an answer's callback becomes due (queued for the next turn).
		const jobs = Array.from({ length: 6 }, (_, i) => () => {
			order.push(`view ${i}`);
			clock += 3;
			if (i === 0)
				setImmediate(() => {
					order.push('answer');
					answered();
				});
		});
		for (const job of jobs) queue.add(job);
		await answer;
		await vi.waitFor(() => expect(order).toHaveLength(7));
		// The answer ran after the first slice, not after all six views.
		expect(order).toEqual(['view 0', 'view 1', 'answer', 'view 2', 'view 3', 'view 4', 'view 5']);
	});

	it('runs a job queued twice once, and drops a deleted job', async () => {
		const queue = createViewQueue(4, () => {});
		const runs: string[] = [];
		const a = () => runs.push('a');
		const b = () => runs.push('b');
		queue.add(a);
		queue.add(a);
		queue.add(b);
		expect(queue.has(b)).toBe(true);
		queue.delete(b);
		expect(queue.has(b)).toBe(false);
		await nextTurn();
		expect(runs).toEqual(['a']);
		// Queued again after it ran, it runs again.
		queue.add(a);
		await nextTurn();
		expect(runs).toEqual(['a', 'a']);
	});

	it('reports a failing job and goes on with the next', async () => {
		const errors: unknown[] = [];
		const queue = createViewQueue(4, (e) => errors.push(e));
		const runs: string[] = [];
		queue.add(() => {
			throw new Error('boom');
		});
		queue.add(() => runs.push('next'));
		await nextTurn();
		expect(runs).toEqual(['next']);
		expect(errors).toEqual([new Error('boom')]);
	});
});
