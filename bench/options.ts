/**
 * The benchmark's backend options and how the load is spread over several instances: pure, so
 * bench/options.spec.ts checks them without a server.
 */

export type Backend = 'embedded' | 'postgres';

export interface BackendOptions {
	backend: Backend;
	instances: number;
}

/**
 * `--backend=embedded|postgres` (default embedded) and `--instances=N` (default 1) from the
 * command line; an error message instead when they are wrong, or when several instances are asked
 * of the embedded backend (its data folder belongs to one process).
 */
export function parseBackendOptions(argv: readonly string[]): BackendOptions | { error: string } {
	const value = (name: string) => {
		const arg = [...argv].reverse().find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
		return arg === undefined ? undefined : arg.slice(name.length + 3);
	};
	const backend = value('backend') ?? 'embedded';
	if (backend !== 'embedded' && backend !== 'postgres') {
		return { error: `--backend=${backend}: use --backend=embedded or --backend=postgres` };
	}
	const instancesText = value('instances') ?? '1';
	const instances = Number(instancesText);
	if (!/^\d+$/.test(instancesText) || !Number.isSafeInteger(instances) || instances < 1) {
		return { error: `--instances=${instancesText}: a whole number of instances, 1 or more` };
	}
	if (instances > 1 && backend !== 'postgres') {
		return {
			error: `--instances=${instances} needs --backend=postgres: with the embedded backend one process owns the data folder, so the app runs as one instance`
		};
	}
	return { backend, instances };
}

/**
 * The instance (0 … instances - 1) that trainee number `i` joins and streams from, when trainees
 * are dealt over `sessions` sessions round robin and, within a session, over `teams` teams: round
 * robin within every session and every team, so that each session and each team has trainees on
 * every instance (a plain `i % instances` would put every trainee of a session on one instance
 * whenever the number of sessions is a multiple of it).
 */
export function instanceFor(
	i: number,
	layout: { sessions: number; teams: number; instances: number }
): number {
	const { sessions, teams, instances } = layout;
	if (instances <= 1) return 0;
	const session = i % sessions;
	const inSession = Math.floor(i / sessions);
	// The trainee's team and how many of that team joined before: both move the instance on.
	const team = inSession % teams;
	const round = Math.floor(inSession / teams);
	return (team + round + session) % instances;
}

/** `items` split by `instanceOf` into one list per instance (in order). */
export function splitByInstance<T>(
	items: readonly T[],
	instances: number,
	instanceOf: (item: T, index: number) => number
): T[][] {
	const lists: T[][] = Array.from({ length: instances }, () => []);
	items.forEach((item, index) => lists[instanceOf(item, index)].push(item));
	return lists;
}

/** `total` connections shared out over `instances` (the first ones take the remainder). */
export function shareConnections(total: number, instances: number): number[] {
	return Array.from(
		{ length: instances },
		(_, k) => Math.floor(total / instances) + (k < total % instances ? 1 : 0)
	);
}
