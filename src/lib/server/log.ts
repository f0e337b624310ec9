/**
 * The app's log: one JSON object per line on stdout (pino), for whatever collects a service's
 * output (journald, Docker, a log shipper). Each request logs through a child of it that carries
 * the request's id (`event.locals.log`, set in request-id.ts), so every line a request causes can
 * be found by the id a person quotes from an error page.
 *
 * What never reaches the log: request bodies (trainees' answers, chat, uploads) are not passed to
 * it at all; as a safety net, values under keys that name credentials or bodies are replaced, and
 * any line's text is scrubbed of API and trainee tokens (`stu_…`, `stp_…`), Bearer credentials,
 * the app's cookies and password-reset links (`/reset/…`), so an error message that quotes one
 * does not leak it.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { LOG_LEVEL } from './config';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';

/** Keys whose values are never written, at the top of a line or one or two levels down. */
const SECRET_KEYS = [
	'authorization',
	'cookie',
	'["set-cookie"]',
	'password',
	'newPassword',
	'currentPassword',
	'confirm',
	'recoveryCodes',
	'token',
	'secret',
	'body',
	'rationale'
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
	const below = key.startsWith('[') ? key : `.${key}`;
	return [key, `*${below}`, `*.*${below}`];
});

/** Credentials that may hide in text (an error message, a header quoted in a message). */
const TOKEN_TEXT = /\b(stu|stp)_[A-Za-z0-9_-]{6,}/g;
// A credential is 8 or more token characters: "a bearer of news" is left alone.
const BEARER_TEXT = /\b(Bearer\s+)[\w.~+/=-]{8,}/gi;
const COOKIE_TEXT = /\b(st_session|st_mfa|st_p_[A-Za-z0-9]+)=[^\s",;\\]+/g;
/** A reset link's token is in its path. */
const RESET_TEXT = /(\/reset\/)[A-Za-z0-9_-]+/g;

/** A serialised line with every token, Bearer credential and app cookie value replaced. */
export function scrub(line: string): string {
	// Most lines hold none of them: test before allocating a copy.
	if (!/stu_|stp_|bearer|st_session|st_mfa|st_p_|\/reset\//i.test(line)) return line;
	return line
		.replace(TOKEN_TEXT, `$1_${REDACTED}`)
		.replace(BEARER_TEXT, `$1${REDACTED}`)
		.replace(COOKIE_TEXT, `$1=${REDACTED}`)
		.replace(RESET_TEXT, `$1${REDACTED}`);
}

/** The logger's options: level names, ISO times, redaction; exported for tests. */
export function loggerOptions(level: string = LOG_LEVEL): LoggerOptions {
	return {
		level,
		// The host name says nothing in a container and the pid little; the level as a word reads
		// better in a terminal and filters the same in a log store.
		base: { pid: process.pid },
		formatters: { level: (label) => ({ level: label }) },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: { paths: REDACT_PATHS, censor: REDACTED },
		hooks: { streamWrite: scrub }
	};
}

/**
 * A logger writing to `destination`. The app's writes synchronously to stdout: a line written
 * just before a crash (or a SIGKILL) is not lost in a buffer, and the few lines a request writes
 * cost less than the request.
 */
export function createLogger(
	destination: DestinationStream = pino.destination({ fd: 1, sync: true }),
	level?: string
): Logger {
	return pino(loggerOptions(level), destination);
}

/** The app's logger; requests log through `event.locals.log`, a child with their id. */
export const log: Logger = createLogger();
