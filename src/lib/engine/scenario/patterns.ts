/**
 * The scenario format's plain rules, without zod: the schema (schema.ts) and the studio's form
 * edits (src/lib/studio/structure-edits.ts, loaded in the browser) share them from here.
 */

/** Ids of things inside a scenario: lowercase, digits and hyphens. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** How an inject arrives: what the trainee's feed shows it as. */
export const CHANNELS = [
	'briefing',
	'alert',
	'log',
	'email',
	'chat',
	'phone',
	'ticket',
	'news',
	'social',
	'report',
	'meeting'
] as const;
/** A span of scenario time: "90s", "15m", "1h30m", "2h" or a bare number of minutes. */
export const DURATION_PATTERN = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;
