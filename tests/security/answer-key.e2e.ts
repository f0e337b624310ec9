/**
 * The answer key never reaches a trainee before the reveal. A scenario whose every answer-key
 * text carries a sentinel (indicator notes, option and timeout feedback, guidance, facilitator
 * notes, expected actions, lessons, attacker stage titles and descriptions) and whose scores are
 * unusual numbers is played at 60x: injects arrive, answers are given, team decisions lock and
 * time out, attacker stages fire. Everything a trainee can receive is collected and searched: the
 * HTML and __data.json of every trainee page (the team room with its chat and RFIs too), the state API, both SSE streams from the first
 * message, the answers' acknowledgements and the join page. The big screen (a projector the
 * whole room reads: its page, __data.json and stream from the first message) is searched too,
 * for the same and for ending titles. After the reveal, the same search finds the sentinels:
 * the check is real.
 *
 * Every option and timeout also carries story outcome text (`STORY-<decision>-<option>-END`). It
 * is not answer key once its team's decision locks: a team sees the outcome of the option it
 * locked (or of its timeout) at once, and no other option's, no other team's, and no individual
 * decision's before the reveal.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse, stringify } from 'yaml';
import { ADMIN, AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	SseReader,
	staff,
	staffCookie,
	type Trainee
} from './support';

const SENTINEL = 'SECRETKEY';
/** Scores no page would print by chance. */
const SCORE_HIGH = 987.25;
const SCORE_LOW = -876.5;

/** The rich fixture with a sentinel in every answer-key text and odd numbers for every score. */
function secretScenario(): string {
	const file = parse(readFileSync('tests/fixtures/scenarios/valid/rich.yaml', 'utf8'));
	let n = 0;
	const secret = (what: string) => `${SENTINEL}${what}${++n} and more words`;
	const walk = (node: unknown, key = ''): unknown => {
		if (Array.isArray(node)) return node.map((item) => walk(item, key));
		if (!node || typeof node !== 'object') return node;
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(node)) {
			if (k === 'note' || k === 'feedback' || k === 'guidance') out[k] = secret(k);
			else if (k === 'scores')
				out[k] = Object.fromEntries(
					Object.entries(v as Record<string, number>).map(([p, s]) => [
						p,
						s > 0 ? SCORE_HIGH : SCORE_LOW
					])
				);
			else out[k] = walk(v, k);
		}
		if (key === 'injects') {
			out.facilitatorNotes = secret('notes');
			out.expectedActions = [secret('expected')];
		}
		if (key === 'attacker') {
			out.title = secret('stage');
			out.description = secret('stagedescription');
		}
		if (key === 'objectives')
			out.debrief = { ...(out.debrief as object), lessons: [secret('lesson')] };
		if (key === 'timeout' || (key === 'options' && !('feedback' in out)))
			out.feedback = secret('feedback');
		return out;
	};
	const secretFile = walk(file) as Record<string, unknown>;
	secretFile.id = 'secret-phish';
	type StoryDecision = {
		id: string;
		options?: { id: string; outcome?: string }[];
		timeout?: { outcome?: string };
	};
	for (const inject of secretFile.injects as { decisions?: StoryDecision[] }[]) {
		for (const d of inject.decisions ?? []) {
			for (const o of d.options ?? []) o.outcome = `STORY-${d.id}-${o.id}-END`;
			if (d.timeout) d.timeout.outcome = `STORY-${d.id}-timeout-END`;
		}
	}
	return stringify(secretFile, { lineWidth: 0 });
}

/**
 * Keys the answer key travels under, as object keys: quoted (JSON, __data.json, SSE) or bare
 * (the page data SvelteKit writes into the HTML), right after `{` or `,`, so prose is not matched.
 */
const KEY_FIELDS =
	/[{,]\s*["']?(indicator|indicatorLines|correct|scores|reveal|feedbackHtml|guidanceHtml|timeoutFeedbackHtml|facilitatorNotes|stages|attacker)["']?\s*:/;

function leaks(text: string): string[] {
	const found: string[] = [];
	const i = text.indexOf(SENTINEL);
	if (i >= 0) found.push(text.slice(Math.max(0, i - 60), i + 40));
	for (const score of [String(SCORE_HIGH), String(SCORE_LOW)])
		if (text.includes(score)) found.push(`score ${score}`);
	const field = KEY_FIELDS.exec(text);
	if (field) found.push(text.slice(Math.max(0, field.index - 60), field.index + 40));
	return found;
}

test('nothing a trainee receives before the reveal holds the answer key', async () => {
	test.setTimeout(180_000);
	const server = await new AppServer().start();
	const streams: SseReader[] = [];
	try {
		const admin = await adminToken(server);
		const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
			headers: { ...bearer(admin), 'content-type': 'application/yaml' },
			body: secretScenario()
		});
		expect(uploaded.status, uploaded.text).toBe(201);
		const session = await createSession(server, admin, {
			scenarioId: 'secret-phish',
			teams: ['Red', 'Blue'],
			release: 'auto',
			speed: 60
		});

		const received: [string, string][] = [];
		const keep = (what: string, text: string) => received.push([what, text]);
		const joinPage = await call(server, 'GET', `/join?code=${session.joinCode}`);
		keep('join page', joinPage.text);

		const join = async (name: string, team: string, role: string) => {
			const res = await call(server, 'POST', '/api/v1/join', {
				json: { code: session.joinCode, name, team, role }
			});
			keep(`join ${name}`, res.text);
			expect(res.status).toBe(201);
			return res.json<Trainee>();
		};
		const trainees: Record<string, Trainee> = {
			ic: await join('Ivo', 'Red', 'ic'),
			analyst: await join('Ana', 'Red', 'analyst'),
			comms: await join('Cem', 'Red', 'comms'),
			blue: await join('Bea', 'Blue', 'analyst')
		};
		// Every stream from its first message: a browser's and an API client's.
		const streamOwners: string[] = [];
		for (const [who, t] of Object.entries(trainees)) {
			const cookie = { cookie: `st_p_${session.id}=${t.token}` };
			streams.push(new SseReader(`${server.url}/play/${session.id}/stream`, cookie));
			streams.push(
				new SseReader(`${server.url}/api/v1/sessions/${session.id}/stream`, bearer(t.token))
			);
			streamOwners.push(who, who);
		}
		// The big screen, as a projector in the room follows it (staff signed in, seen by all).
		const staffSession = { cookie: await staffCookie(server, ADMIN.email, ADMIN.password) };
		streams.push(new SseReader(`${server.url}/sessions/${session.id}/screen/stream`, staffSession));
		streamOwners.push('big screen');
		await staff(server, admin, session.id, 'start');
		// The room is in play too: a team message, the room's channel, an RFI answered with an
		// inject; chat pages, payloads and patches are searched like the rest.
		for (const [who, channel] of [
			['analyst', 'red'],
			['blue', 'room']
		] as const) {
			const res = await call(server, 'POST', `/api/v1/sessions/${session.id}/chat`, {
				headers: bearer(trainees[who].token),
				json: { channel, text: `What do we do now, @ic? (${who})` }
			});
			expect(res.status, res.text).toBe(201);
		}
		const rfi = await call(server, 'POST', `/api/v1/sessions/${session.id}/rfis`, {
			headers: bearer(trainees.ic.token),
			json: { text: 'What does the mail gateway log show?' }
		});
		expect(rfi.status, rfi.text).toBe(201);
		const rfiAnswer = await call(
			server,
			'POST',
			`/api/v1/sessions/${session.id}/rfis/${rfi.json<{ rfiId: string }>().rfiId}`,
			{ headers: bearer(admin), json: { text: 'One inbound message from an external sender.' } }
		);
		expect(rfiAnswer.status, rfiAnswer.text).toBe(200);

		/** Every page and payload one trainee, or the big screen, can fetch now. */
		const snapshot = async (label: string) => {
			for (const [who, t] of Object.entries(trainees)) {
				const cookie = { cookie: `st_p_${session.id}=${t.token}` };
				for (const path of [
					`/play/${session.id}`,
					`/play/${session.id}/__data.json`,
					`/play/${session.id}/plan`,
					`/play/${session.id}/plan/__data.json`,
					`/play/${session.id}/results`,
					`/play/${session.id}/results/__data.json`,
					`/play/${session.id}/room`,
					`/play/${session.id}/room/__data.json`,
					`/join`
				]) {
					const res = await call(server, 'GET', path, { headers: cookie });
					expect(res.status, `${label} ${who} ${path}`).toBeLessThan(400);
					keep(`${label} ${who} ${path}`, res.text);
				}
				const state = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
					headers: bearer(t.token)
				});
				expect(state.status).toBe(200);
				keep(`${label} ${who} state`, state.text);
			}
			for (const path of [
				`/sessions/${session.id}/screen`,
				`/sessions/${session.id}/screen/__data.json`
			]) {
				const res = await call(server, 'GET', path, { headers: staffSession });
				expect(res.status, `${label} big screen ${path}`).toBe(200);
				keep(`${label} big screen ${path}`, res.text);
			}
		};
		const answer = async (who: string, injectId: string, decisionId: string, value: unknown) => {
			const res = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
				headers: bearer(trainees[who].token),
				json: {
					injectId,
					decisionId,
					value,
					rationale: 'because',
					idempotencyKey: `${who}-${injectId}-${decisionId}`
				}
			});
			keep(`answer ${who} ${injectId}/${decisionId}`, res.text);
			return res.status;
		};
		/** The answer form as posted by the page with JavaScript (SvelteKit answers JSON). */
		const answerForm = async (
			who: string,
			injectId: string,
			decisionId: string,
			option: string
		) => {
			const res = await call(server, 'POST', `/play/${session.id}?/respond`, {
				headers: {
					cookie: `st_p_${session.id}=${trainees[who].token}`,
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				},
				form: {
					injectId,
					decisionId,
					option,
					idempotencyKey: `${who}-form-${injectId}-${decisionId}`
				}
			});
			keep(`form answer ${who}`, res.text);
			return res.status;
		};

		await snapshot('at the start');
		expect(await answer('ic', 'briefing', 'plan', { kind: 'single', optionId: 'unclear' })).toBe(
			201
		);
		expect(await answerForm('analyst', 'briefing', 'plan', 'named')).toBe(200);
		// The EDR alert arrives at 5m (5 s): flag one right and one wrong line, wait on isolation.
		const injectsOf = async (t: Trainee) => {
			const res = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
				headers: bearer(t.token)
			});
			return res.json<{ injects: { id: string }[] }>().injects.map((i) => i.id);
		};
		await expect.poll(() => injectsOf(trainees.ic), { timeout: 20_000 }).toContain('edr-alert');
		expect(await answer('ic', 'edr-alert', 'isolate', { kind: 'single', optionId: 'wait' })).toBe(
			201
		);
		expect(
			await answer('analyst', 'edr-alert', 'flag', { kind: 'indicators', lines: [0, 1] })
		).toBe(201);
		await snapshot('after the first answers');
		// Waiting on isolation sends Red the attacker's claim 3m later; Blue lets the isolation
		// deadline pass (15 s); the attacker stages fire at 20m and 30m (20 s and 30 s).
		await expect
			.poll(() => injectsOf(trainees.comms), { timeout: 20_000 })
			.toContain('exfil-claim');
		expect(
			await answer('comms', 'exfil-claim', 'statement', {
				kind: 'text',
				text: 'We are looking into it.'
			})
		).toBe(201);
		// Both stages have fired for Red (or been prevented) by 30m.
		const stagesOf = async () => {
			const res = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
				headers: bearer(admin)
			});
			const view = res.json<{
				teams: { id: string; stages: { id: string; status: string }[] }[];
			}>();
			return view.teams.find((t) => t.id === 'red')!.stages.map((st) => `${st.id}:${st.status}`);
		};
		await expect
			.poll(stagesOf, { timeout: 40_000 })
			.toEqual(expect.arrayContaining(['lateral:fired', 'encrypt:fired']));
		await snapshot('after deadlines and stages');
		await staff(server, admin, session.id, 'pause');
		await snapshot('paused');

		const streamed = streams.flatMap((s, i) =>
			s.messages.map(
				(m) => [`stream ${streamOwners[i]} ${i} ${m.event} ${m.id}`, m.data] as [string, string]
			)
		);
		expect(streamed.length).toBeGreaterThan(streams.length * 3);
		// The play really went through the branches whose texts are secret.
		const lastState = received.filter(([w]) => w.endsWith('ic state')).at(-1)![1];
		const injects = (JSON.parse(lastState) as { injects: { id: string }[] }).injects.map(
			(i) => i.id
		);
		expect(injects).toEqual(expect.arrayContaining(['briefing', 'edr-alert', 'exfil-claim']));
		const blueState = received.filter(([w]) => w.endsWith('blue state')).at(-1)![1];
		expect(blueState).toContain('"status":"expired"');

		const found = [...received, ...streamed].flatMap(([what, text]) =>
			leaks(text).map((leak) => `${what}: ${leak}`)
		);
		expect(found).toEqual([]);
		// The big screen names no team's ending before the reveal (an ending says how well a team
		// did), and the screen's pages and stream were really searched.
		const screen = [...received, ...streamed].filter(([what]) => /big screen/.test(what));
		expect(screen.length).toBeGreaterThan(8);
		const endings = (parse(secretScenario()) as { endings: { title: string }[] }).endings;
		for (const [what, text] of screen)
			for (const e of endings) expect(text, what).not.toContain(e.title);

		// Story outcomes: each team saw the one its decision locked with, and nothing else.
		const stories = { red: new Set<string>(), blue: new Set<string>() };
		for (const [what, text] of [...received, ...streamed]) {
			const team = /\b(blue|Bea)\b/.test(what) ? 'blue' : 'red';
			for (const m of text.matchAll(/STORY-[a-z-]+?-END/g)) stories[team].add(m[0]);
		}
		expect([...stories.red]).toEqual(['STORY-isolate-wait-END']);
		expect([...stories.blue]).toEqual(['STORY-isolate-timeout-END']);

		// After the reveal the same search finds the key: the sentinels were really there to find.
		await staff(server, admin, session.id, 'reveal');
		const after = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
			headers: bearer(trainees.ic.token)
		});
		expect(leaks(after.text).length).toBeGreaterThan(0);
		expect(after.text).toContain(`${SENTINEL}feedback`);
		expect(after.text).toContain(`${SENTINEL}note`);
		expect(after.text).toContain(String(SCORE_HIGH));
		const page = await call(server, 'GET', `/play/${session.id}/results`, {
			headers: { cookie: `st_p_${session.id}=${trainees.ic.token}` }
		});
		expect(page.text).toContain(SENTINEL);
		const revealed = await Promise.all(
			streams.slice(0, 2).map((s) => s.until((m) => m.data.includes(SENTINEL)))
		);
		expect(revealed).toHaveLength(2);
	} finally {
		for (const s of streams) s.close();
		await server.dispose();
	}
});
