/**
 * Hostile and broken scenario files against the real build: every structural and link error of
 * the fixtures, YAML hazards (alias bombs, deep nesting, tags, several documents), wrong
 * encodings and huge files. Each is refused with a located message (file:line:column), nothing
 * is stored, and the server keeps answering while it checks: the file is parsed in a worker
 * thread with a time limit, so even a file that takes minutes to check cannot stop live sessions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AppServer } from '../support/server';
import { adminToken, bearer, call, fingerprint, type Reply } from './support';

const INVALID = 'tests/fixtures/scenarios/invalid';
const CHECK_TIMEOUT_MS = 4000;

let server: AppServer;
let admin: string;

test.beforeAll(async () => {
	server = await new AppServer({
		env: { SCENARIO_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS) }
	}).start();
	admin = await adminToken(server);
});
test.afterAll(async () => server?.dispose());

interface Located {
	file: string;
	line: number;
	column: number;
	message: string;
}

function upload(body: BodyInit, file: string, timeoutMs = 60_000): Promise<Reply> {
	return call(server, 'POST', `/api/v1/scenarios?file=${encodeURIComponent(file)}`, {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body,
		timeoutMs
	});
}

/** Expects a 422 whose errors are all located in `file`; returns them. */
function located(res: Reply, file: string): Located[] {
	expect(res.status, res.text).toBe(422);
	const { errors } = res.json<{ errors: Located[] }>();
	expect(errors.length).toBeGreaterThan(0);
	for (const e of errors) {
		expect(e.file).toBe(file);
		expect(e.line).toBeGreaterThanOrEqual(1);
		expect(e.column).toBeGreaterThanOrEqual(1);
		expect(e.message.length).toBeGreaterThan(5);
	}
	return errors;
}

/** Polls /healthz while `work` runs; returns the slowest answer in ms. */
async function slowestHealthCheck(work: Promise<unknown>): Promise<number> {
	let done = false;
	void work.finally(() => (done = true));
	let slowest = 0;
	while (!done) {
		const started = Date.now();
		const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
		expect(res.status).toBe(200);
		slowest = Math.max(slowest, Date.now() - started);
		await new Promise((r) => setTimeout(r, 100));
	}
	return slowest;
}

test('every invalid fixture is refused with located errors and nothing is stored', async () => {
	const before = fingerprint(server.dataDir);
	const files = readdirSync(INVALID).filter((f) => f.endsWith('.yaml'));
	expect(files.length).toBeGreaterThanOrEqual(9);
	for (const file of files) {
		const errors = located(await upload(readFileSync(`${INVALID}/${file}`), file), file);
		// Each fixture's errors are past its two comment lines, at the key they are about.
		expect(
			errors.some((e) => e.line > 2),
			`${file}: ${JSON.stringify(errors)}`
		).toBe(true);
	}
	expect(fingerprint(server.dataDir)).toEqual(before);
});

const hazards: {
	name: string;
	body: () => Uint8Array<ArrayBuffer> | string;
	message: RegExp;
	line?: number;
}[] = [
	{
		name: 'billion laughs (alias bomb)',
		body: () =>
			[
				'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
				...'bcdefghi'.split('').map((k, i) => {
					const prev = 'abcdefgh'[i];
					return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
				})
			].join('\n'),
		message: /too many aliases/,
		line: 2
	},
	{
		name: 'deep flow nesting',
		body: () => `id: x\ntitle: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
		message: /nesting deeper than 64/,
		line: 2
	},
	{
		name: 'deep block nesting',
		body: () =>
			'id: x\n' +
			Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') +
			' v\n',
		message: /nesting deeper than 64/
	},
	{
		name: 'a language tag',
		body: () => 'id: x\ntitle: !!js/function "function () { return 1 }"\n',
		message: /tag .* is not allowed/,
		line: 2
	},
	{
		name: 'a second document',
		body: () => 'id: x\n---\nid: y\n',
		message: /one YAML document/,
		line: 2
	},
	{
		name: 'UTF-16 with a byte order mark',
		body: () => new Uint8Array([0xff, 0xfe, ...Buffer.from('id: x\n', 'utf16le')]),
		message: /must be UTF-8.*UTF-16 LE/,
		line: 1
	},
	{
		name: 'Latin-1 bytes',
		body: () => new Uint8Array([...Buffer.from('id: x\ntitle: Caf'), 0xe9, ...Buffer.from('\n')]),
		message: /must be UTF-8: byte 0xE9/,
		line: 2
	},
	{
		name: 'a NUL byte',
		body: () => 'id: x\ntitle: "a\u0000b"\nsummary: s\n',
		message: /./
	},
	{
		name: 'an empty file',
		body: () => '',
		message: /this document is empty/
	},
	{
		name: 'a list instead of a mapping',
		body: () => '- id: x\n- id: y\n',
		message: /this document is a list/
	},
	{
		name: 'duplicate keys',
		body: () => 'id: x\ntitle: a\ntitle: b\n',
		message: /duplicate key 'title' \(first at 2:1\)/,
		line: 3
	},
	{
		name: 'a merge key bomb',
		body: () => 'a: &a {x: 1}\nb: {<<: [*a, *a, *a, *a, *a, *a, *a, *a]}\n',
		message: /./
	},
	{
		name: 'RTL override and zero-width characters in ids',
		body: () => 'id: "evil\u202eliam\u200b"\ntitle: t\n',
		message: /./
	}
];

for (const hazard of hazards) {
	test(`refused with a located message: ${hazard.name}`, async () => {
		const before = fingerprint(server.dataDir);
		const file = `${hazard.name.replace(/\W+/g, '-')}.yaml`;
		const errors = located(await upload(hazard.body(), file), file);
		expect(errors.map((e) => e.message).join('\n')).toMatch(hazard.message);
		if (hazard.line) expect(errors[0].line).toBe(hazard.line);
		expect(fingerprint(server.dataDir)).toEqual(before);
	});
}

test('a file over the size limit is refused unread with 413, by the API and the upload form', async () => {
	const before = fingerprint(server.dataDir);
	const huge = 'x'.repeat(1_048_577);
	const api = await upload(huge, 'huge.yaml');
	expect(api.status).toBe(413);
	expect(api.json()).toMatchObject({ error: expect.stringMatching(/larger than/) });
	const form = new FormData();
	form.append('file', new Blob([huge], { type: 'application/yaml' }), 'huge.yaml');
	const page = await call(server, 'POST', '/scenarios?/upload', {
		headers: bearer(admin),
		body: form
	});
	expect(page.status).toBe(413);
	expect(fingerprint(server.dataDir)).toEqual(before);
});

test('the upload form shows the located errors of a broken file', async () => {
	const form = new FormData();
	const file = `${INVALID}/dangling-references.yaml`;
	form.append('file', new Blob([readFileSync(file)]), 'dangling-references.yaml');
	const res = await call(server, 'POST', '/scenarios?/upload', {
		headers: bearer(admin),
		body: form
	});
	expect(res.status).toBe(422);
	expect(res.text).toContain('dangling-references.yaml was not stored');
	// The objective names phase "recovry" on line 12 of the fixture.
	expect(res.text).toMatch(/dangling-references\.yaml:12:\d+/);
});

test('a file that takes minutes to check is stopped at the time limit; the server keeps answering', async () => {
	// 40,000 unknown keys (360 KB): each is a schema error to locate, minutes of work for the
	// loader on the main thread.
	const slow = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n');
	expect(slow.length).toBeLessThan(1_048_576);
	const before = fingerprint(server.dataDir);
	const started = Date.now();
	const pending = upload(slow, 'slow.yaml');
	const slowest = await slowestHealthCheck(pending);
	const res = await pending;
	const elapsed = Date.now() - started;
	const errors = located(res, 'slow.yaml');
	expect(errors).toHaveLength(1);
	expect(errors[0]).toMatchObject({ line: 1, column: 1 });
	expect(errors[0].message).toMatch(/took longer than 4 s/);
	expect(elapsed).toBeLessThan(CHECK_TIMEOUT_MS + 15_000);
	// Health checks kept being answered while the file was checked.
	expect(slowest).toBeLessThan(2000);
	expect(fingerprint(server.dataDir)).toEqual(before);

	// Several slow uploads at once: still answering, every one refused.
	const many = Array.from({ length: 3 }, (_, i) => upload(slow, `slow-${i}.yaml`, 90_000));
	const worst = await slowestHealthCheck(Promise.all(many));
	for (const [i, res] of (await Promise.all(many)).entries()) located(res, `slow-${i}.yaml`);
	expect(worst).toBeLessThan(2000);
});

test('files that are slow to parse but within the limit are checked without blocking', async () => {
	const cases = {
		'wide-flow.yaml': `x: [${Array(200_000).fill('a').join(',')}]\n`,
		'many-documents.yaml': Array(120_000).fill('---').join('\n'),
		'unclosed-quotes.yaml': Array(60_000).fill('a: "x').join('\n')
	};
	for (const [file, body] of Object.entries(cases)) {
		const pending = upload(body, file);
		const slowest = await slowestHealthCheck(pending);
		located(await pending, file);
		expect(slowest, file).toBeLessThan(2000);
	}
});
