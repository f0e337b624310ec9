/**
 * Where the app keeps its data and finds its scenarios. Read once from the environment; see the
 * README's configuration table.
 */
import { resolve } from 'node:path';

/** The data folder: accounts, sessions, uploaded scenarios, the IR plan. */
export const DATA_DIR = resolve(process.env.DATA_DIR || 'data');

/** The bundled scenarios shipped with the app. */
export const SCENARIOS_DIR = resolve(process.env.SCENARIOS_DIR || 'scenarios');

/** True when cookies must be marked Secure (the app is served over https). */
export const SECURE_COOKIES =
	process.env.ORIGIN?.startsWith('https://') === true || process.env.SECURE_COOKIES === '1';

/** Largest JSON or form body accepted by the API and form actions, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
