import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from './log';

/** A logger whose lines are kept, parsed, as pino writes them. */
function captured(level = 'info') {
	const lines: string[] = [];
	const logger = createLogger({ write: (line: string) => void lines.push(line) }, level);
	return {
		logger,
		lines,
		parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>)
	};
}

const API_TOKEN = `stu_${'A1b2C3d4'.repeat(5)}xyz`;
const TRAINEE_TOKEN = `stp_${'Zz9_-yY8'.repeat(5)}abc`;
const COOKIE_VALUE = 'Qk3p'.repeat(11);

describe('the log', () => {
	it('writes one JSON object per line, with the level as a word and the request id of a child', () => {
		const { logger, lines, parsed } = captured();
		logger.child({ requestId: 'req-12345678' }).info({ route: '/healthz', status: 200 }, 'request');
		expect(lines).toHaveLength(1);
		expect(lines[0].endsWith('\n')).toBe(true);
		expect(parsed()[0]).toMatchObject({
			level: 'info',
			requestId: 'req-12345678',
			route: '/healthz',
			status: 200,
			msg: 'request'
		});
		expect(typeof parsed()[0].time).toBe('string');
	});

	it('redacts credentials under their keys: headers, passwords, tokens, cookies, bodies', () => {
		const { logger, lines, parsed } = captured();
		logger.info({
			headers: {
				authorization: `Bearer ${API_TOKEN}`,
				cookie: `st_session=${COOKIE_VALUE}`,
				'set-cookie': `st_session=${COOKIE_VALUE}; HttpOnly`
			},
			password: 'correct horse battery staple',
			user: { email: 'a@example.com', password: 'hunter2 hunter2' },
			token: TRAINEE_TOKEN,
			body: { rationale: 'we isolate the file server' }
		});
		const text = lines.join('');
		for (const secret of [
			API_TOKEN,
			TRAINEE_TOKEN,
			COOKIE_VALUE,
			'correct horse',
			'hunter2',
			'isolate the file'
		])
			expect(text).not.toContain(secret);
		const line = parsed()[0] as Record<string, Record<string, unknown>>;
		expect(line.headers).toEqual({
			authorization: '[redacted]',
			cookie: '[redacted]',
			'set-cookie': '[redacted]'
		});
		expect(line.password).toBe('[redacted]');
		expect(line.user).toEqual({ email: 'a@example.com', password: '[redacted]' });
		expect(line.token).toBe('[redacted]');
		expect(line.body).toBe('[redacted]');
	});

	it('scrubs tokens, Bearer credentials and app cookies from any text, error messages included', () => {
		const { logger, lines, parsed } = captured();
		const err = new Error(`refused Bearer ${API_TOKEN} for ${TRAINEE_TOKEN}`);
		logger.error({ err, note: `cookie st_p_abc123=${COOKIE_VALUE}; st_session=${COOKIE_VALUE}` });
		logger.warn(`authorization: bearer someopaquesecret42 was sent`);
		const text = lines.join('');
		for (const secret of [API_TOKEN, TRAINEE_TOKEN, COOKIE_VALUE, 'someopaquesecret42'])
			expect(text).not.toContain(secret);
		const [first, second] = parsed() as { err: { message: string }; note: string; msg: string }[];
		// A token keeps its prefix, which says what kind it was.
		expect(first.err.message).toBe('refused Bearer stu_[redacted] for stp_[redacted]');
		expect(first.note).toBe('cookie st_p_abc123=[redacted]; st_session=[redacted]');
		expect(second.msg).toBe('authorization: bearer [redacted] was sent');
	});

	it('scrubs reset links and the waiting sign-in cookie', () => {
		const { logger, lines } = captured();
		const resetToken = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE';
		logger.error({ err: new Error(`GET http://x.test/reset/${resetToken} failed`) });
		logger.warn({ note: `st_mfa=${COOKIE_VALUE}`, confirm: 'a new passphrase' });
		const text = lines.join('');
		for (const secret of [resetToken, COOKIE_VALUE, 'a new passphrase'])
			expect(text).not.toContain(secret);
		expect(text).toContain('/reset/[redacted] failed');
	});

	it('leaves lines without credentials as they are', () => {
		const line = '{"level":"info","msg":"stu and stp are prefixes; a bearer of news"}\n';
		expect(scrub(line)).toBe(line);
	});

	it('writes nothing below its level', () => {
		const { logger, lines } = captured('warn');
		logger.info('quiet');
		logger.debug('quieter');
		logger.warn('heard');
		expect(lines).toHaveLength(1);
	});
});
