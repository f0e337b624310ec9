import { json } from '@sveltejs/kit';
import { hub } from '#lib/server/sessions/hub.js';
import type { RequestHandler } from './$types';

/** Liveness for operators and test harnesses: no data beyond counts. */
export const GET: RequestHandler = () => json({ ok: true, liveSessions: hub.liveCount });
