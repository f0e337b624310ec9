/**
 * The retention sweep (issue 17): at start and then every RETENTION_SWEEP_MS, anonymises the
 * ended sessions older than RETENTION_DAYS, as the retention policy (`by: retention` in the
 * record and the audit log). Does nothing when RETENTION_DAYS is unset.
 */
import { RETENTION_ACTOR } from '#lib/evidence/redact.js';
import { RETENTION_DAYS, RETENTION_SWEEP_MS } from '../config';
import { log } from '../log';
import { hub } from '../sessions/hub';
import { anonymiseSession } from './erasure';
import { dueForAnonymising } from './policy';

let timer: ReturnType<typeof setInterval> | null = null;
let running: Promise<number> | null = null;

/** One sweep: anonymises every session due at `now`; resolves with how many it anonymised. */
export function sweepOnce(now = Date.now()): Promise<number> {
	running ??= (async () => {
		let done = 0;
		for (const id of dueForAnonymising(await hub.list(), RETENTION_DAYS, now)) {
			try {
				const result = await anonymiseSession(
					id,
					{ by: RETENTION_ACTOR, actor: null },
					'retention',
					now
				);
				if (result.ok) done++;
				else log.warn({ session: id, reason: result.message }, 'retention: not anonymised');
			} catch (err) {
				log.error({ session: id, err }, 'retention: anonymising failed');
			}
		}
		return done;
	})().finally(() => {
		running = null;
	});
	return running;
}

/** Starts the sweep (once at start, then on a timer) when a retention period is set. */
export function startRetention(): void {
	if (RETENTION_DAYS === null || timer) return;
	log.info({ days: RETENTION_DAYS, everyMs: RETENTION_SWEEP_MS }, 'retention: sweeping');
	const sweep = () =>
		void sweepOnce().catch((err: unknown) => log.error({ err }, 'retention sweep failed'));
	sweep();
	timer = setInterval(sweep, RETENTION_SWEEP_MS);
	timer.unref?.();
}
