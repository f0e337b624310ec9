/**
 * Readiness (GET /readyz): whether this server can take exercise traffic now, which for
 * Sandtable means whether it can save. Not ready while session writes fail (the last one failed
 * and none has succeeded since), or while the data folder (or the database) refuses a small
 * probe write. Liveness is /healthz: a server that is not ready is still alive, and restarting it
 * would not free a disk.
 *
 * The probe writes and fsyncs a file, so it runs at most once per PROBE_EVERY_MS whatever the
 * number of callers; callers in between share its result. A failed session write is not
 * forgotten because the probe (which writes elsewhere) succeeds: one session's files may be what
 * fails. Only when no session write has failed for FAILURE_HOLD_MS does a successful probe count
 * as writes working again, so that a server nobody sends answers to (a load balancer took it out
 * on this very check) becomes ready again once its disk is back.
 */
import type { WriteFailure } from './metrics';

export const PROBE_EVERY_MS = 5_000;
export const FAILURE_HOLD_MS = 30_000;

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ReadinessSources {
	/** A small durable write where the data lives; rejects when it fails. */
	probe: () => Promise<void>;
	/** Session writes failing now (the last one failed), or null. */
	writeFailure: () => WriteFailure | null;
	/** Where the probe writes, for the reason: "the data folder" (the default) or "the database". */
	where?: string;
	now?: () => number;
}

function codeOf(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	return typeof code === 'string' ? code : 'error';
}

/** The readiness check over `sources`; call the returned function per request. */
export function readinessCheck(sources: ReadinessSources): () => Promise<Readiness> {
	const now = sources.now ?? Date.now;
	let probing: { at: number; result: Promise<string | null> } | null = null;
	/** When the last probe that succeeded started. */
	let probedOk = -Infinity;

	const probe = (): Promise<string | null> => {
		const at = now();
		if (!probing || at - probing.at >= PROBE_EVERY_MS) {
			probing = {
				at,
				result: sources.probe().then(
					() => {
						probedOk = Math.max(probedOk, at);
						return null;
					},
					(e: unknown) => codeOf(e)
				)
			};
		}
		return probing.result;
	};

	return async () => {
		const failed = await probe();
		if (failed)
			return {
				ready: false,
				reason: `${sources.where ?? 'the data folder'} refuses writes (${failed})`
			};
		const failure = sources.writeFailure();
		if (failure && probedOk < failure.last + FAILURE_HOLD_MS) {
			return {
				ready: false,
				reason: `session writes fail (${failure.code}) since ${new Date(failure.since).toISOString()}; none has succeeded since`
			};
		}
		return { ready: true };
	};
}
