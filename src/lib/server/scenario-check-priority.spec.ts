import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from './scenario-check';
import { BACKGROUND_NICE } from './scenario-check-worker';

/** The nice value of each of this process's threads, by thread id (Linux's /proc). */
function threadNices(): Map<string, number> {
	const nices = new Map<string, number>();
	for (const tid of readdirSync('/proc/self/task')) {
		try {
			const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
			// Fields after the command's closing parenthesis; nice is field 19 (the 17th of these).
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			nices.set(tid, Number(fields[16]));
		} catch {
			// The thread ended between the listing and the read.
		}
	}
	return nices;
}

/**
 * The nice values seen on threads started after `before` while `run` is under way, polled between
 * event-loop turns. Only new threads: an earlier check's worker may still be ending.
 */
async function nicesDuring(before: Set<string>, run: Promise<unknown>): Promise<Set<number>> {
	const seen = new Set<number>();
	let done = false;
	void run.finally(() => (done = true));
	while (!done) {
		for (const [tid, nice] of threadNices()) if (!before.has(tid)) seen.add(nice);
		await new Promise((r) => setTimeout(r, 5));
	}
	return seen;
}

const file = () => readFileSync('scenarios/ransomware-file-server.yaml');

describe.runIf(process.platform === 'linux')('checkScenario priority', () => {
	it('runs a background check in a thread of lower priority, and leaves the main thread alone', async () => {
		const mainBefore = threadNices().get(String(process.pid));
		const before = new Set(threadNices().keys());
		const run = checkScenario(file(), 'ransomware-file-server.yaml', 60_000, {
			background: true
		});
		const seen = await nicesDuring(before, run);
		expect((await run).errors).toEqual([]);
		expect(seen).toContain(BACKGROUND_NICE);
		expect(threadNices().get(String(process.pid))).toBe(mainBefore);
	}, 90_000);

	it('runs an upload check (someone waits on it) at normal priority', async () => {
		const before = new Set(threadNices().keys());
		const run = checkScenario(file(), 'ransomware-file-server.yaml', 60_000);
		const seen = await nicesDuring(before, run);
		expect((await run).errors).toEqual([]);
		expect(seen).not.toContain(BACKGROUND_NICE);
	}, 90_000);
});
