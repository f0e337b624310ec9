/**
 * The JSON API v1 against the real build: the documented walkthrough end to end (token, session,
 * join, start, state, answer, reveal, end), who may call what, and how bad input is refused.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const SCENARIO = 'ransomware-file-server';
/** Answer-key texts from the scenario file that no trainee may see before the reveal. */
const SECRETS = [
	'If an attacker holds a mailbox', // option feedback
	'Delivery. Outlook writes the ISO attachment', // indicator note
	'Keep this short (five minutes)' // facilitator notes
];

let server: AppServer;
let admin: string;

test.beforeAll(async () => {
	// The first library listing runs the path explorer over every bundled scenario (tens of
	// seconds on a busy 2-core machine); pay it here, not inside one journey's time.
	test.setTimeout(180_000);
	server = await new AppServer().start();
	admin = await tokenFor(ADMIN.email, ADMIN.password);
	const warm = await fetch(api('/scenarios'), { headers: bearer(admin) });
	expect(warm.status).toBe(200);
});
test.afterAll(async () => {
	await server?.dispose();
});

const api = (path: string) => `${server.url}/api/v1${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function tokenFor(email: string, password: string): Promise<string> {
	const res = await fetch(api('/auth/token'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

async function expectError(res: APIResponse, status: number, text?: string | RegExp) {
	expect(res.status(), await res.text()).toBe(status);
	const body = (await res.json()) as { error: string };
	expect(typeof body.error).toBe('string');
	if (text) expect(body.error).toMatch(text);
	return body;
}

async function createSession(request: APIRequestContext, token = admin, teams = ['Red', 'Blue']) {
	const res = await request.post(api('/sessions'), {
		headers: bearer(token),
		data: { scenarioId: SCENARIO, teams, release: 'manual', title: 'API drill' }
	});
	expect(res.status(), await res.text()).toBe(201);
	return (await res.json()) as {
		id: string;
		joinCode: string;
		teams: { id: string; name: string }[];
		url: string;
	};
}

async function join(request: APIRequestContext, code: string, name: string, team = 'Red') {
	const res = await request.post(api('/join'), {
		data: { code, name, team, role: 'incident-commander' }
	});
	expect(res.status(), await res.text()).toBe(201);
	return (await res.json()) as { participantId: string; token: string; sessionId: string };
}

/** Creates an account through the admin page's form action, as an admin would. */
async function createAccount(request: APIRequestContext, role: string, email: string) {
	const password = 'another long passphrase';
	const res = await request.post(`${server.url}/admin/users?/create`, {
		headers: { ...bearer(admin), origin: server.url },
		form: { email, name: `${role} ${email}`, role, password }
	});
	expect(res.status()).toBeLessThan(400);
	return tokenFor(email, password);
}

/** Reads an SSE response until its first complete `event: view` message. */
async function firstView(res: Response): Promise<{ id: string; data: string }> {
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) throw new Error(`stream ended before a view: ${buffer}`);
		buffer += decoder.decode(value, { stream: true });
		for (const block of buffer.split('\n\n').slice(0, -1)) {
			const lines = block.split('\n');
			if (!lines.includes('event: view')) continue;
			await reader.cancel();
			return {
				id: lines.find((l) => l.startsWith('id: '))!.slice(4),
				data: lines.find((l) => l.startsWith('data: '))!.slice(6)
			};
		}
	}
}

test('the documented walkthrough: token, session, join, start, state, answer, reveal, end', async ({
	request
}) => {
	const scenarios = await request.get(api('/scenarios'), { headers: bearer(admin) });
	expect(scenarios.status()).toBe(200);
	const entry = ((await scenarios.json()) as { id: string; valid: boolean; paths: number }[]).find(
		(s) => s.id === SCENARIO
	);
	expect(entry).toMatchObject({ valid: true });
	expect(entry!.paths).toBeGreaterThan(1);

	const session = await createSession(request);
	expect(session.joinCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
	expect(session.teams).toEqual([
		{ id: 'red', name: 'Red' },
		{ id: 'blue', name: 'Blue' }
	]);
	const listed = await request.get(api('/sessions'), { headers: bearer(admin) });
	expect(((await listed.json()) as { id: string }[]).map((s) => s.id)).toContain(session.id);

	// Team by name, role by id; the code may be typed in lower case without the dash.
	const joined = await request.post(api('/join'), {
		data: {
			code: session.joinCode.replace('-', '').toLowerCase(),
			name: 'Ana',
			team: 'Red',
			role: 'incident-commander'
		}
	});
	expect(joined.status()).toBe(201);
	const trainee = (await joined.json()) as { token: string; sessionId: string; team: string };
	expect(trainee).toMatchObject({ sessionId: session.id, team: 'red', role: 'incident-commander' });
	expect(trainee.token).toMatch(/^stp_/);

	const start = await request.post(api(`/sessions/${session.id}/start`), {
		headers: bearer(admin)
	});
	expect(start.status()).toBe(200);
	expect(await start.json()).toMatchObject({ status: 'running' });

	// Manual release: the facilitator releases the briefing, then the Sysmon log early.
	const next = await request.post(api(`/sessions/${session.id}/release`), {
		headers: bearer(admin),
		data: { team: 'Red' }
	});
	expect(await next.json()).toMatchObject({
		released: [{ teamId: 'red', injectId: 'month-end-briefing' }],
		skipped: []
	});
	const early = await request.post(api(`/sessions/${session.id}/release`), {
		headers: bearer(admin),
		data: { team: 'red', injectId: 'ws-sysmon' }
	});
	expect(early.status()).toBe(200);

	// The clock can be skipped forward (not back); what is due on the way is recorded with it.
	const skip = await request.post(api(`/sessions/${session.id}/skip`), {
		headers: bearer(admin),
		data: { to: '+1:00' }
	});
	expect(skip.status()).toBe(200);
	expect(await skip.json()).toMatchObject({ scenarioMs: 60_000 });
	await expectError(
		await request.post(api(`/sessions/${session.id}/skip`), {
			headers: bearer(admin),
			data: { to: '+0:30' }
		}),
		400
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/skip`), {
			headers: bearer(admin),
			data: { to: 'soon' }
		}),
		400
	);

	const stateRes = await request.get(api(`/sessions/${session.id}/state`), {
		headers: bearer(trainee.token)
	});
	expect(stateRes.status()).toBe(200);
	const stateText = await stateRes.text();
	const state = JSON.parse(stateText) as {
		me: { name: string };
		revealed: boolean;
		injects: { id: string }[];
	};
	expect(state.me.name).toBe('Ana');
	expect(state.revealed).toBe(false);
	expect(state.injects.map((i) => i.id)).toEqual(['month-end-briefing', 'ws-sysmon']);
	for (const secret of SECRETS) expect(stateText).not.toContain(secret);
	expect(stateText).not.toMatch(/"(correct|feedbackHtml|indicator|scores|reveal)"/);

	const answer = {
		injectId: 'month-end-briefing',
		decisionId: 'readiness-checks',
		value: { kind: 'multiple', optionIds: ['oob-bridge', 'backup-status'] },
		rationale: 'Private channel first, then know what we can restore.',
		idempotencyKey: 'walkthrough-1'
	};
	const first = await request.post(api(`/sessions/${session.id}/responses`), {
		headers: bearer(trainee.token),
		data: answer
	});
	expect(first.status()).toBe(201);
	const recorded = (await first.json()) as { responseId: string; seq: number; late: boolean };
	expect(recorded.late).toBe(false);
	const again = await request.post(api(`/sessions/${session.id}/responses`), {
		headers: bearer(trainee.token),
		data: answer
	});
	expect(again.status()).toBe(200);
	expect(await again.json()).toEqual(await first.json());

	// The facilitator's view counts the answer once.
	const facilitator = await request.get(api(`/sessions/${session.id}/state`), {
		headers: bearer(admin)
	});
	const fv = (await facilitator.json()) as {
		seq: number;
		teams: {
			id: string;
			decisions: { decisionId: string; answered: { name: string }[] }[];
		}[];
	};
	const readiness = fv.teams
		.find((t) => t.id === 'red')!
		.decisions.find((d) => d.decisionId === 'readiness-checks')!;
	expect(readiness.answered.map((a) => a.name)).toEqual(['Ana']);
	expect(fv.seq).toBe(recorded.seq);

	const reveal = await request.post(api(`/sessions/${session.id}/reveal`), {
		headers: bearer(admin)
	});
	expect(reveal.status()).toBe(200);
	const after = await request.get(api(`/sessions/${session.id}/state`), {
		headers: bearer(trainee.token)
	});
	const afterText = await after.text();
	expect(afterText).toContain('If an attacker holds a mailbox');
	expect(afterText).toContain('"correct":true');

	const end = await request.post(api(`/sessions/${session.id}/end`), { headers: bearer(admin) });
	expect(await end.json()).toMatchObject({ status: 'ended' });
	await expectError(
		await request.post(api(`/sessions/${session.id}/end`), { headers: bearer(admin) }),
		409,
		/ended/
	);
});

test('an idempotency key records an answer once, even when sent twice at the same time', async ({
	request
}) => {
	const session = await createSession(request);
	const trainee = await join(request, session.joinCode, 'Bo');
	await request.post(api(`/sessions/${session.id}/start`), { headers: bearer(admin) });
	await request.post(api(`/sessions/${session.id}/release`), {
		headers: bearer(admin),
		data: { team: 'Red' }
	});
	const answer = {
		injectId: 'month-end-briefing',
		decisionId: 'readiness-checks',
		value: { kind: 'multiple', optionIds: ['edr-coverage'] },
		idempotencyKey: 'same-key'
	};
	const post = () =>
		request.post(api(`/sessions/${session.id}/responses`), {
			headers: bearer(trainee.token),
			data: answer
		});
	const [a, b] = await Promise.all([post(), post()]);
	expect([a.status(), b.status()].sort()).toEqual([200, 201]);
	expect(await a.json()).toEqual(await b.json());
	const seq = ((await a.json()) as { seq: number }).seq;
	const fv = await request.get(api(`/sessions/${session.id}/state`), { headers: bearer(admin) });
	// Nothing was recorded after the answer: the second call added no event.
	expect(((await fv.json()) as { seq: number }).seq).toBe(seq);
	const third = await post();
	expect(third.status()).toBe(200);
	expect(await third.json()).toEqual(await a.json());
});

test('who may call what: 401 without credentials, 403 for trainees and for others’ sessions', async ({
	request
}) => {
	const session = await createSession(request);
	const trainee = await join(request, session.joinCode, 'Cy');

	// No credentials (or an unknown API token).
	for (const res of [
		await request.get(api('/scenarios')),
		await request.get(api('/sessions')),
		await request.post(api('/sessions'), { data: { scenarioId: SCENARIO } }),
		await request.post(api(`/sessions/${session.id}/start`)),
		await request.get(api(`/sessions/${session.id}/state`)),
		await request.get(api('/sessions'), { headers: bearer('stu_not-a-real-token') })
	]) {
		await expectError(res, 401);
	}

	// A trainee token is no staff credential.
	const asTrainee = { headers: bearer(trainee.token) };
	await expectError(await request.get(api('/sessions'), asTrainee), 403);
	await expectError(await request.get(api('/scenarios'), asTrainee), 403);
	await expectError(await request.post(api(`/sessions/${session.id}/start`), asTrainee), 403);
	await expectError(
		await request.post(api(`/sessions/${session.id}/release`), { ...asTrainee, data: {} }),
		403
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/skip`), { ...asTrainee, data: { to: 90 } }),
		403
	);
	// ...and a trainee token of one session opens no other.
	const other = await createSession(request);
	await expectError(await request.get(api(`/sessions/${other.id}/state`), asTrainee), 401);

	// A second facilitator neither sees nor runs the admin's session; a lead looks but cannot run.
	const facilitator = await createAccount(request, 'facilitator', 'fran@sandtable.test');
	const lead = await createAccount(request, 'lead', 'lee@sandtable.test');
	const theirs = await request.get(api('/sessions'), { headers: bearer(facilitator) });
	expect(theirs.status()).toBe(200);
	expect(await theirs.json()).toEqual([]);
	await expectError(
		await request.get(api(`/sessions/${session.id}/state`), { headers: bearer(facilitator) }),
		403
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/pause`), { headers: bearer(facilitator) }),
		403
	);
	const leadView = await request.get(api(`/sessions/${session.id}/state`), {
		headers: bearer(lead)
	});
	expect(leadView.status()).toBe(200);
	await expectError(
		await request.post(api(`/sessions/${session.id}/start`), { headers: bearer(lead) }),
		403
	);
	await expectError(
		await request.post(api('/sessions'), {
			headers: bearer(lead),
			data: { scenarioId: SCENARIO, teams: ['A'], release: 'auto' }
		}),
		403
	);
	// The facilitator runs their own session.
	const own = await createSession(request, facilitator, ['Solo']);
	const started = await request.post(api(`/sessions/${own.id}/start`), {
		headers: bearer(facilitator)
	});
	expect(started.status()).toBe(200);
});

test('unknown ids are 404', async ({ request }) => {
	const auth = { headers: bearer(admin) };
	const missing = 'ffffffffffffffff';
	await expectError(await request.get(api(`/sessions/${missing}/state`), auth), 404);
	await expectError(await request.post(api(`/sessions/${missing}/start`), auth), 404);
	await expectError(await request.get(api(`/sessions/${missing}/stream`), auth), 404);
	await expectError(await request.get(api('/sessions/..%2f..%2fetc/state'), auth), 404);
	await expectError(
		await request.post(api('/sessions'), {
			...auth,
			data: { scenarioId: 'no-such-scenario', teams: ['A'], release: 'auto' }
		}),
		404
	);
	await expectError(
		await request.post(api('/join'), {
			data: { code: 'AAAAA-AAAAA', name: 'Dee', team: 'Red', role: 'legal' }
		}),
		404,
		/join code/
	);
	const session = await createSession(request);
	await request.post(api(`/sessions/${session.id}/start`), auth);
	await expectError(
		await request.post(api(`/sessions/${session.id}/release`), {
			...auth,
			data: { team: 'Green' }
		}),
		404,
		/Green/
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/release`), {
			...auth,
			data: { injectId: 'no-such-inject' }
		}),
		404
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/observations`), {
			...auth,
			data: { text: 'Good', objectiveId: 'no-such-objective' }
		}),
		404
	);
});

test('bad bodies: 400 for malformed JSON, wrong types and unknown keys; 413 for huge; 415', async ({
	request
}) => {
	const session = await createSession(request);
	const auth = bearer(admin);
	const json = { ...auth, 'content-type': 'application/json' };
	await expectError(
		await request.post(api('/sessions'), { headers: json, data: Buffer.from('{"scenarioId": ') }),
		400,
		/not valid JSON/
	);
	await expectError(
		await request.post(api('/sessions'), {
			headers: auth,
			data: { scenarioId: SCENARIO, teams: 'Red', release: 'auto' }
		}),
		400,
		/^teams:/
	);
	await expectError(
		await request.post(api('/sessions'), {
			headers: auth,
			data: { scenarioId: SCENARIO, teams: ['Red'], release: 'sometimes' }
		}),
		400,
		/^release:/
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/speed`), {
			headers: auth,
			data: { speed: 'fast' }
		}),
		400,
		/^speed:/
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/speed`), {
			headers: auth,
			data: { speed: 1000 }
		}),
		400,
		/^speed:/
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/hold`), {
			headers: auth,
			data: { team: 'Red', injectId: 'ws-sysmon', held: true, reason: 'x' }
		}),
		400,
		/reason/
	);
	await expectError(
		await request.post(api('/join'), {
			data: { code: session.joinCode, name: 'x'.repeat(61), team: 'Red', role: 'legal' }
		}),
		400,
		/^name:/
	);
	const trainee = await join(request, session.joinCode, 'Eve');
	await expectError(
		await request.post(api(`/sessions/${session.id}/responses`), {
			headers: bearer(trainee.token),
			data: {
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'single', optionId: 7 },
				idempotencyKey: 'k'
			}
		}),
		400,
		/^value/
	);
	await expectError(
		await request.post(api(`/sessions/${session.id}/override`), {
			headers: auth,
			data: {
				team: 'Red',
				injectId: 'ws-decision',
				decisionId: 'd',
				optionId: 'o',
				reason: 'x'.repeat(501)
			}
		}),
		400,
		/^reason:/
	);
	// Bodies over 64 KiB are refused before they are read.
	await expectError(
		await request.post(api(`/sessions/${session.id}/observations`), {
			headers: auth,
			data: { text: 'x'.repeat(70_000) }
		}),
		413
	);
	await expectError(
		await request.post(api('/sessions'), {
			headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
			data: Buffer.from('scenarioId=x')
		}),
		415
	);
	// A command the engine refuses is a 409, not a 500: this session has not started.
	await expectError(
		await request.post(api(`/sessions/${session.id}/pause`), { headers: auth }),
		409,
		/lobby/
	);
});

test('scenario upload: 201 when clean, 422 with line and column when broken, 409, 413', async ({
	request
}) => {
	const yaml = { ...bearer(admin), 'content-type': 'application/yaml' };
	const broken = readFileSync('tests/fixtures/scenarios/invalid/dangling-references.yaml');
	const refused = await request.post(api('/scenarios?file=dangling-references.yaml'), {
		headers: yaml,
		data: broken
	});
	const body = await expectError(refused, 422);
	const { errors } = body as unknown as {
		errors: { file: string; line: number; column: number; message: string }[];
	};
	expect(errors.length).toBeGreaterThan(0);
	for (const e of errors) {
		expect(e.file).toBe('dangling-references.yaml');
		expect(e.line).toBeGreaterThan(0);
		expect(e.column).toBeGreaterThan(0);
	}
	// The objective names phase "recovry" on line 12.
	expect(errors.find((e) => e.message.includes('recovry'))).toMatchObject({ line: 12 });

	const syntax = await request.post(api('/scenarios'), {
		headers: yaml,
		data: 'id: x\ntitle: [unclosed\n'
	});
	const syntaxBody = (await expectError(syntax, 422)) as unknown as {
		errors: { line: number; column: number }[];
	};
	expect(syntaxBody.errors[0].line).toBeGreaterThan(1);

	const bundled = readFileSync(`scenarios/${SCENARIO}.yaml`, 'utf8');
	await expectError(
		await request.post(api('/scenarios'), { headers: yaml, data: bundled }),
		409,
		/bundled/
	);
	const mine = bundled.replace(`id: ${SCENARIO}`, 'id: api-upload-copy');
	const stored = await request.post(api('/scenarios'), { headers: yaml, data: mine });
	expect(stored.status(), await stored.text()).toBe(201);
	expect(await stored.json()).toMatchObject({ id: 'api-upload-copy', replaced: false });
	const listed = await request.get(api('/scenarios'), { headers: bearer(admin) });
	expect(await listed.json()).toContainEqual(
		expect.objectContaining({ id: 'api-upload-copy', origin: 'uploaded', valid: true })
	);

	// A session runs the upload; then a second version with the same id is not taken silently.
	const ran = await request.post(api('/sessions'), {
		headers: bearer(admin),
		data: {
			scenarioId: 'api-upload-copy',
			teams: ['Red'],
			release: 'manual',
			title: 'Ran version 1'
		}
	});
	expect(ran.status(), await ran.text()).toBe(201);
	const ranId = ((await ran.json()) as { id: string }).id;
	const v2 = mine
		.replace(/^version: .*$/m, 'version: 2.0.0')
		.replace(/^title: .*$/m, 'title: Second version');
	const asked = await request.post(api('/scenarios'), { headers: yaml, data: v2 });
	expect(asked.status()).toBe(409);
	expect(await asked.json()).toMatchObject({
		error:
			"a scenario with the id 'api-upload-copy' exists (version 1.0.0, used by 1 session); replace it?",
		existing: { id: 'api-upload-copy', version: '1.0.0', newVersion: '2.0.0', sessions: 1 }
	});
	const version = async () =>
		(
			(await (await request.get(api('/scenarios'), { headers: bearer(admin) })).json()) as {
				id: string;
				version: string;
			}[]
		).find((e) => e.id === 'api-upload-copy')?.version;
	expect(await version()).toBe('1.0.0');
	await expectError(
		await request.post(api('/scenarios?replace=yes'), { headers: yaml, data: v2 }),
		400,
		/replace/
	);
	const replaced = await request.post(api('/scenarios?replace=true'), { headers: yaml, data: v2 });
	expect(replaced.status(), await replaced.text()).toBe(201);
	expect(await replaced.json()).toMatchObject({ id: 'api-upload-copy', replaced: true });
	expect(await version()).toBe('2.0.0');
	// The session that ran version 1 keeps it.
	const kept = await request.get(api(`/sessions/${ranId}/debrief`), { headers: bearer(admin) });
	expect(kept.status(), await kept.text()).toBe(200);
	expect(((await kept.json()) as { overview: Record<string, string> }).overview).toMatchObject({
		scenarioVersion: '1.0.0',
		scenarioTitle: expect.stringMatching(/^Month-end lockout/)
	});

	await expectError(
		await request.post(api('/scenarios'), { headers: yaml, data: 'a'.repeat(1_048_577) }),
		413
	);
	await expectError(
		await request.post(api('/scenarios'), {
			headers: { ...bearer(admin), 'content-type': 'application/json' },
			data: { id: 'x' }
		}),
		415
	);
});

test('SSE: the first view event has the log position as id and no answer key', async ({
	request
}) => {
	const session = await createSession(request);
	const trainee = await join(request, session.joinCode, 'Flo');
	await request.post(api(`/sessions/${session.id}/start`), { headers: bearer(admin) });
	for (const injectId of ['month-end-briefing', 'ws-sysmon']) {
		await request.post(api(`/sessions/${session.id}/release`), {
			headers: bearer(admin),
			data: { team: 'Red', injectId }
		});
	}
	const controller = new AbortController();
	const res = await fetch(api(`/sessions/${session.id}/stream`), {
		headers: bearer(trainee.token),
		signal: controller.signal
	});
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const view = await firstView(res);
	controller.abort();
	const data = JSON.parse(view.data) as { seq: number; injects: { id: string }[] };
	expect(Number(view.id)).toBe(data.seq);
	expect(data.injects.map((i) => i.id)).toContain('ws-sysmon');
	for (const secret of SECRETS) expect(view.data).not.toContain(secret);
	expect(view.data).not.toMatch(/"(correct|feedbackHtml|indicator|note|scores|reveal)"/);

	// The facilitator's stream carries the facilitator view.
	const staff = new AbortController();
	const fres = await fetch(api(`/sessions/${session.id}/stream`), {
		headers: bearer(admin),
		signal: staff.signal
	});
	const fview = await firstView(fres);
	staff.abort();
	expect(JSON.parse(fview.data)).toMatchObject({ sessionId: session.id, release: 'manual' });
});

test('join attempts are rate limited per address, with Retry-After', async ({ request }) => {
	// Its own server: the limit would otherwise lock this address out of the other journeys.
	const own = await new AppServer().start();
	try {
		let last: APIResponse | null = null;
		for (let i = 0; i < 21; i++) {
			last = await request.post(`${own.url}/api/v1/join`, {
				data: { code: `WRONG${i}`, name: 'Guesser', team: 'Red', role: 'legal' }
			});
		}
		await expectError(last!, 429, /Too many attempts/);
		expect(Number(last!.headers()['retry-after'])).toBeGreaterThan(0);
	} finally {
		await own.dispose();
	}
});
