/**
 * Stored XSS, end to end in Chromium: well-known payloads for Markdown renderers and sanitizers
 * (xss-payloads.ts) go into every text a person can write (a scenario's text fields, uploaded;
 * the IR plan through the section editor; trainee names, rationales and text answers; team
 * names; the room's chat, RFIs and answers, improvised injects and replies, incident records and
 * participant feedback; facilitator observations and debrief findings; improvement items), then
 * every page that shows them is opened. The browser runs with the Content-Security-Policy
 * bypassed, so what is
 * tested is the sanitizer alone (the CSP is the second wall, tested in headers.e2e.ts): no
 * payload may set `window.__xss`, open a dialog or leave an event handler, a script, a frame or
 * a javascript: URL in the DOM.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { marked } from 'marked';
import { parse, stringify } from 'yaml';
import { ADMIN, AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	staff,
	staffCookie,
	type Reply,
	type SessionInfo,
	type Trainee
} from './support';
import { MARKDOWN, PAYLOADS, SHORT, UNICODE } from './xss-payloads';

/** As many payloads as fit in `max` characters after `prefix`, starting at payload `start`. */
function fit(prefix: string, max: number, start = 0): string {
	let out = prefix;
	for (let i = 0; i < PAYLOADS.length; i++) {
		const next = PAYLOADS[(start + i) % PAYLOADS.length];
		if (out.length + 2 + next.length > max) continue;
		out += `\n\n${next}`;
	}
	return out;
}

const MARKDOWN_KEYS = new Set([
	'summary',
	'body',
	'description',
	'prompt',
	'detail',
	'feedback',
	'guidance',
	'facilitatorNotes'
]);

/** The rich fixture with every text field poisoned; ids, expressions and numbers untouched. */
function poisonedScenario(): string {
	const file = parse(readFileSync('tests/fixtures/scenarios/valid/rich.yaml', 'utf8'));
	let n = 0;
	const walk = (node: unknown, key = ''): unknown => {
		if (Array.isArray(node)) {
			if (key === 'lines')
				return node.map((line) =>
					typeof line === 'string'
						? `XSS-log ${SHORT}`
						: {
								...line,
								text: `XSS-log ${SHORT}`,
								...(line.note ? { note: fit('XSS-note', 1000, 7) } : {})
							}
				);
			if (key === 'lessons') return node.map(() => `XSS-lesson\n\n${MARKDOWN}`);
			if (key === 'attachments' || key === 'criticalTasks')
				return node.map(() => `XSS-${key} ${SHORT}`);
			// Options get a detail text too (the fixture has none).
			if (key === 'options')
				return node.map((o) => ({
					...(walk(o, key) as object),
					detail: `XSS-detail\n\n${MARKDOWN}`
				}));
			return node.map((item) => walk(item, key));
		}
		if (node && typeof node === 'object') {
			const out: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(node)) out[k] = walk(v, k);
			return out;
		}
		if (typeof node !== 'string') return node;
		if (MARKDOWN_KEYS.has(key)) return `XSS-${key} ${++n}\n\n${MARKDOWN}`;
		if (key === 'title' || key === 'label' || key === 'from')
			return `XSS-${key} ${SHORT} ${UNICODE}`;
		if (key === 'name') return `XSS-name ${SHORT}`;
		if (key === 'value') return `XSS-value ${SHORT}`;
		return node;
	};
	const poisoned = walk(file) as Record<string, unknown>;
	poisoned.id = 'xss-phish';
	return stringify(poisoned, { lineWidth: 0 });
}

let server: AppServer;
let admin: string;
let session: SessionInfo;
let ic: Trainee;
let analyst: Trainee;
let itemId: string | null = null;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
	admin = await adminToken(server);
	const uploaded = await call(server, 'POST', '/api/v1/scenarios?file=xss.yaml', {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body: poisonedScenario()
	});
	expect(uploaded.status, uploaded.text).toBe(201);
	session = await createSession(server, admin, {
		scenarioId: 'xss-phish',
		teams: [`XSS-team ${SHORT}`.slice(0, 60), `Blue ${UNICODE}`],
		title: fit('XSS-session', 100)
	});
	const team = session.teams[0].id;
	ic = await joinSession(server, session.joinCode, {
		name: `XSS-trainee ${SHORT}`.slice(0, 60),
		team,
		role: 'ic'
	});
	analyst = await joinSession(server, session.joinCode, {
		name: `XSS-analyst ${UNICODE}<svg onload=alert(1)>`.slice(0, 60),
		team,
		role: 'analyst'
	});
	await staff(server, admin, session.id, 'start');
	for (const injectId of ['briefing', 'edr-alert', 'exfil-claim', 'review'])
		await staff(server, admin, session.id, 'release', { team, injectId });

	const respond = async (
		t: Trainee,
		injectId: string,
		decisionId: string,
		value: unknown,
		start = 0
	) => {
		const res = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
			headers: bearer(t.token),
			json: {
				injectId,
				decisionId,
				value,
				rationale: fit('XSS-rationale', 1000, start),
				idempotencyKey: `${t.participantId}-${injectId}-${decisionId}`
			}
		});
		expect(res.status, res.text).toBe(201);
	};
	await respond(ic, 'briefing', 'plan', { kind: 'single', optionId: 'unclear' }, 0);
	await respond(ic, 'edr-alert', 'isolate', { kind: 'single', optionId: 'wait' }, 10);
	await respond(analyst, 'edr-alert', 'flag', { kind: 'indicators', lines: [0, 1] }, 20);
	await respond(
		ic,
		'exfil-claim',
		'statement',
		{ kind: 'text', text: fit('XSS-answer', 4000, 30) },
		30
	);
	await respond(ic, 'review', 'notes', { kind: 'text', text: fit('XSS-notes', 4000, 40) }, 40);
	for (const [start, extra] of [
		[0, {}],
		[25, { team }],
		[50, { team, injectId: 'edr-alert', rating: 'P' }]
	] as const) {
		await staff(server, admin, session.id, 'observations', {
			text: fit('XSS-observation', 4000, start),
			...extra
		});
	}

	// The room (issue 13): every text a trainee or exercise control writes there.
	const succeeds = async (reply: Promise<Reply>) => {
		const res = await reply;
		expect(res.status, res.text).toBeLessThan(300);
		return res;
	};
	const api = (t: Trainee | null, path: string, json: unknown) =>
		call(server, 'POST', `/api/v1/sessions/${session.id}/${path}`, {
			headers: bearer(t ? t.token : admin),
			json
		});
	const action = (t: Trainee, name: string, form: Record<string, string>) =>
		call(server, 'POST', `/play/${session.id}?/${name}`, {
			headers: { cookie: `st_p_${session.id}=${t.token}` },
			form
		});
	await succeeds(api(ic, 'chat', { channel: team, text: fit('XSS-chat', 2000), key: 'c1' }));
	await succeeds(
		api(analyst, 'chat', { channel: 'room', text: fit('XSS-roomchat', 2000, 15), key: 'c2' })
	);
	await succeeds(api(null, 'chat', { channel: team, text: fit('XSS-control', 2000, 30) }));
	const rfi = await succeeds(api(ic, 'rfis', { text: fit('XSS-rfi', 1000, 5), key: 'r1' }));
	await succeeds(
		api(null, `rfis/${rfi.json<{ rfiId: string }>().rfiId}`, {
			text: fit('XSS-rfianswer', 4000, 20)
		})
	);
	const improvised = await succeeds(
		api(null, 'improvised', {
			teamId: team,
			channel: 'email',
			from: `XSS-from ${SHORT}`.slice(0, 200),
			title: `XSS-unscripted ${SHORT} ${UNICODE}`.slice(0, 200),
			body: fit('XSS-improvised', 8000, 25),
			question: fit('XSS-question', 1000, 35)
		})
	);
	const improvisedId = improvised.json<{ improvisedId: string }>().improvisedId;
	await succeeds(action(ic, 'reply', { improvisedId, text: fit('XSS-reply', 4000, 45) }));
	await succeeds(
		action(ic, 'record', { status: 'investigating', summary: fit('XSS-summary', 2000, 3) })
	);
	await succeeds(
		action(ic, 'entry', { kind: 'timeline', text: fit('XSS-timeline', 2000, 8), key: 'e1' })
	);
	await succeeds(
		action(ic, 'entry', {
			kind: 'evidence',
			text: fit('XSS-evidence', 2000, 13),
			hash: 'ab'.repeat(32),
			key: 'e2'
		})
	);
	const state = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
		headers: bearer(ic.token)
	});
	const entryId = state
		.json<{ room: { record: { entries: { id: string; kind: string }[] } } }>()
		.room.record.entries.find((e) => e.kind === 'evidence')!.id;
	await succeeds(action(analyst, 'custody', { entryId, text: fit('XSS-custody', 2000, 17) }));
	await succeeds(
		api(ic, 'feedback', {
			strengths: fit('XSS-strengths', 4000, 2),
			improvements: fit('XSS-improvements', 4000, 9),
			comments: fit('XSS-comments', 4000, 11)
		})
	);

	// The IR plan: a section rewritten with every payload, with a poisoned reason.
	const cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
	const edit = await call(server, 'POST', '/plan/sections/roles-and-contacts/edit', {
		headers: { cookie },
		form: { body: `XSS-plan\n\n${MARKDOWN}`, reason: fit('XSS-reason', 500), baseRev: '1' }
	});
	expect(edit.status, edit.text).toBe(303);
});
test.afterAll(async () => server?.dispose());

interface Finding {
	flag: unknown;
	problems: string[];
	text: string;
}

/** Everything a payload could have left in the page's DOM, plus the flag it would have set. */
async function inspect(page: Page): Promise<Finding> {
	// Give handlers (onerror, onload, ontoggle, autofocus) time to fire.
	await page.waitForTimeout(800);
	return page.evaluate(() => {
		const problems: string[] = [];
		const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background'];
		for (const el of Array.from(document.querySelectorAll('*'))) {
			const tag = el.tagName.toLowerCase();
			for (const attr of Array.from(el.attributes)) {
				const name = attr.name.toLowerCase();
				// eslint-disable-next-line no-control-regex
				const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
				if (name.startsWith('on')) problems.push(`<${tag} ${name}>`);
				if (name === 'srcdoc') problems.push(`<${tag} srcdoc>`);
				if (
					URL_ATTRS.includes(name) &&
					/^(javascript|vbscript|data:text|data:application)/.test(value)
				)
					problems.push(`<${tag} ${name}="${value.slice(0, 40)}">`);
				if (name === 'style' && /url\(|expression/.test(value)) problems.push(`<${tag} style>`);
			}
			if (['iframe', 'frame', 'object', 'embed', 'base', 'applet'].includes(tag))
				problems.push(`<${tag}>`);
			if (tag === 'meta' && el.hasAttribute('http-equiv')) problems.push('<meta http-equiv>');
			if (tag === 'script') {
				const type = el.getAttribute('type') ?? '';
				const own =
					el.hasAttribute('src') || el.hasAttribute('nonce') || type === 'application/json';
				if (!own) problems.push('<script> without src or nonce');
			}
		}
		for (const el of Array.from(
			document.querySelectorAll(
				'.markdown form, .markdown input, .markdown button, .markdown textarea, .markdown select, .markdown style, .markdown link'
			)
		))
			problems.push(`<${el.tagName.toLowerCase()}> inside rendered Markdown`);
		for (const a of Array.from(document.querySelectorAll('a[target="_blank"]'))) {
			const rel = a.getAttribute('rel') ?? '';
			if (!rel.includes('noopener')) problems.push('target=_blank without rel=noopener');
		}
		return {
			flag: (window as unknown as { __xss?: unknown }).__xss ?? null,
			problems,
			// All text in the DOM (also in closed <details>), but not the page data in <script>s.
			text: (() => {
				const body = document.body.cloneNode(true) as HTMLElement;
				for (const script of Array.from(body.querySelectorAll('script'))) script.remove();
				return body.textContent ?? '';
			})()
		};
	});
}

/** Opens `path` in a fresh context without CSP and checks it; `markers` must be on the page. */
async function visit(
	browser: Browser,
	path: string,
	who: { cookie?: string; trainee?: Trainee },
	markers: string[]
): Promise<void> {
	const context = await browser.newContext({ bypassCSP: true });
	try {
		if (who.cookie) {
			const [name, value] = who.cookie.split('=');
			await context.addCookies([{ name, value, url: server.url }]);
		}
		if (who.trainee) {
			await context.addCookies([
				{ name: `st_p_${session.id}`, value: who.trainee.token, url: server.url }
			]);
		}
		const page = await context.newPage();
		const dialogs: string[] = [];
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		const res = await page.goto(server.url + path);
		expect(res?.status(), path).toBe(200);
		const found = await inspect(page);
		expect(found.flag, `${path}: a payload ran`).toBeNull();
		expect(dialogs, `${path}: a payload opened a dialog`).toEqual([]);
		expect(found.problems, path).toEqual([]);
		// The poisoned texts really are on the page (else this proves nothing).
		expect(found.text, path).toContain('XSS-');
		for (const marker of markers) expect(found.text, `${path}: ${marker}`).toContain(marker);
		// Pointer and focus events on every element of rendered Markdown fire no handler either.
		const flag = await page.evaluate(async () => {
			for (const el of Array.from(document.querySelectorAll('.markdown *'))) {
				for (const type of ['mouseover', 'mouseenter', 'focus', 'click'])
					if (type !== 'click' || el.tagName !== 'A') el.dispatchEvent(new Event(type));
			}
			await new Promise((r) => setTimeout(r, 100));
			return (window as { __xss?: unknown }).__xss ?? null;
		});
		expect(flag, `${path}: a payload ran on an event`).toBeNull();
	} finally {
		await context.close();
	}
}

test('control: the same checks catch the payloads when nothing sanitizes them', async ({
	browser
}) => {
	const context = await browser.newContext({ bypassCSP: true });
	const page = await context.newPage();
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	// marked alone passes HTML through, as a renderer without a sanitizer would.
	const raw = await marked.parse(MARKDOWN);
	await page.setContent(`<main><div class="markdown">${raw}</div></main>`);
	const found = await inspect(page);
	expect(found.flag !== null || dialogs.length > 0).toBe(true);
	expect(found.problems.length).toBeGreaterThan(20);
	expect(found.problems.join('\n')).toMatch(/onerror/);
	expect(found.problems.join('\n')).toMatch(/javascript:/);
	await context.close();
});

test('trainee pages before the reveal: injects, artefacts, prompts, names and my answers', async ({
	browser
}) => {
	await visit(browser, `/play/${session.id}`, { trainee: ic }, [
		'XSS-body',
		'XSS-prompt',
		'XSS-detail',
		'XSS-log',
		'XSS-rationale',
		'XSS-answer',
		'XSS-trainee'
	]);
	await visit(browser, `/play/${session.id}`, { trainee: analyst }, ['XSS-body', 'XSS-analyst']);
	await visit(browser, `/play/${session.id}`, { trainee: ic }, [
		'XSS-unscripted',
		'XSS-from',
		'XSS-improvised',
		'XSS-question',
		'XSS-reply'
	]);
	// The record's summary and the feedback form come back as textarea values (not in the text).
	await visit(browser, `/play/${session.id}/room`, { trainee: ic }, [
		'XSS-chat',
		'XSS-control',
		'XSS-trainee',
		'XSS-rfi',
		'XSS-rfianswer',
		'XSS-timeline',
		'XSS-evidence',
		'XSS-custody',
		'XSS-analyst'
	]);
	await visit(browser, `/play/${session.id}/room?channel=room`, { trainee: analyst }, [
		'XSS-roomchat'
	]);
	await visit(browser, `/play/${session.id}/plan`, { trainee: ic }, ['XSS-plan']);
	await visit(browser, `/join?code=${session.joinCode}`, {}, ['XSS-name', 'XSS-team']);
});

test('trainee pages after the reveal: feedback, guidance, indicator notes', async ({ browser }) => {
	await staff(server, admin, session.id, 'reveal');
	await visit(browser, `/play/${session.id}`, { trainee: ic }, ['XSS-feedback', 'XSS-note']);
	// Played out, the team reaches an ending with a summary: the clock skips past every deadline
	// and stage, the one team decision without a deadline is decided by override, and what is
	// scheduled is released.
	const team = session.teams[0].id;
	await staff(server, admin, session.id, 'skip', { to: 40 });
	await call(server, 'POST', `/api/v1/sessions/${session.id}/release`, {
		headers: bearer(admin),
		json: { team, injectId: 'share-encrypted' }
	});
	await staff(server, admin, session.id, 'override', {
		team,
		injectId: 'share-encrypted',
		decisionId: 'respond',
		optionId: 'restore',
		reason: 'To reach an ending'
	});
	await staff(server, admin, session.id, 'skip', { to: 600 });
	// Manual release: what is scheduled waits for the facilitator; release it all.
	for (let i = 0; i < 10; i++) {
		const next = await call(server, 'POST', `/api/v1/sessions/${session.id}/release`, {
			headers: bearer(admin),
			json: { team }
		});
		if (next.status !== 200) break;
	}
	await staff(server, admin, session.id, 'end');
	await visit(browser, `/play/${session.id}`, { trainee: ic }, ['XSS-summary']);
	await visit(browser, `/play/${session.id}/results`, { trainee: ic }, []);
});

test('staff pages: library, scenario, console, debrief, plan, improvements, dashboard', async ({
	browser
}) => {
	const cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
	// The debrief drafted improvement items from the poisoned options; poison one more by hand.
	const list = await call(server, 'GET', '/improvements', { headers: { cookie } });
	itemId = /href="[./]*improvements\/(i[0-9a-f]+)"/.exec(list.text)?.[1] ?? null;
	expect(itemId, 'the debrief proposed an improvement item').not.toBeNull();
	const update = await call(server, 'POST', `/improvements/${itemId}?/update`, {
		headers: { cookie },
		form: { correctiveAction: fit('XSS-corrective', 2000), owner: `XSS-owner ${SHORT}` }
	});
	expect(update.status, update.text).toBe(200);
	const findings = await call(server, 'POST', `/sessions/${session.id}/debrief?/findings`, {
		headers: { cookie },
		form: {
			strengths: fit('XSS-strength', 2000).replace(/\n\n/g, '\n'),
			improvements: `XSS-improvement ${SHORT}`
		}
	});
	expect(findings.status, findings.text).toBe(200);

	const pages: [string, string[]][] = [
		['/scenarios', ['XSS-summary']],
		['/scenarios/xss-phish', ['XSS-summary', 'XSS-description', 'XSS-label']],
		['/sessions', ['XSS-session']],
		[`/sessions/${session.id}`, ['XSS-team', 'XSS-trainee', 'XSS-observation', 'XSS-answer']],
		[`/sessions/${session.id}/debrief`, ['XSS-strength', 'XSS-rationale']],
		['/plan', ['XSS-plan']],
		['/plan/history', ['XSS-reason']],
		['/plan/diff?from=1&to=2', ['XSS-plan']],
		['/improvements', ['XSS-']],
		[`/improvements/${itemId}`, ['XSS-corrective', 'XSS-owner']],
		['/dashboard', ['XSS-']]
	];
	for (const [path, markers] of pages) await visit(browser, path, { cookie }, markers);
});
