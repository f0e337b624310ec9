import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blankScenario } from '#lib/studio/template.js';

// The stores read DATA_DIR when first imported: point it at a fresh folder first.
const saved = { data: process.env.DATA_DIR, scenarios: process.env.SCENARIOS_DIR };
const dir = await mkdtemp(join(tmpdir(), 'sandtable-studio-'));
const bundledDir = join(dir, 'bundled');
await mkdir(bundledDir);
await writeFile(join(bundledDir, 'shipped.yaml'), blankScenario('shipped'));
process.env.DATA_DIR = join(dir, 'data');
process.env.SCENARIOS_DIR = bundledDir;
const drafts = await import('./drafts');
const { findScenario } = await import('../scenarios');
const { hub } = await import('../sessions/hub');

afterAll(async () => {
	hub.close();
	for (const [key, value] of [
		['DATA_DIR', saved.data],
		['SCENARIOS_DIR', saved.scenarios]
	] as const) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
	await rm(dir, { recursive: true, force: true });
});

const ana = { id: 'u1', email: 'ana@x.test', name: 'Ana', role: 'facilitator' as const };
const ben = { id: 'u2', email: 'ben@x.test', name: 'Ben', role: 'admin' as const };

describe('studio drafts', () => {
	it('forks a bundled scenario under an id of its own, text and comments kept', async () => {
		const fork = await drafts.fork(ana, 'shipped');
		if (!fork.ok) throw new Error(fork.message);
		expect(fork.draft.scenarioId).toBe('shipped-local');
		expect(fork.draft.yaml).toMatch(/^id: shipped-local$/m);
		expect(fork.draft.yaml).toContain('# A new scenario.');
		expect(await drafts.fork(ana, 'nope')).toMatchObject({ ok: false });
	});

	it('saves over a revision and refuses a save over an older one, naming who saved', async () => {
		const draft = await drafts.createBlank(ana);
		const first = await drafts.save(ana, draft.id, `${draft.yaml}# Ana\n`, 1);
		expect(first).toMatchObject({ ok: true, draft: { revision: 2 } });
		const late = await drafts.save(ben, draft.id, `${draft.yaml}# Ben\n`, 1);
		expect(late).toMatchObject({ ok: false, status: 409, theirs: { revision: 2 } });
		if (late.ok || late.status !== 409) throw new Error('expected a conflict');
		expect(late.message).toMatch(/^Ana saved this draft/);
		expect((await drafts.getDraft(draft.id))?.yaml).toContain('# Ana');
	});

	it('refuses an oversized draft and stores nothing', async () => {
		const draft = await drafts.createBlank(ana);
		const big = `# ${'x'.repeat(1_048_576)}\n`;
		expect(await drafts.save(ana, draft.id, big, 1)).toMatchObject({ ok: false, status: 413 });
		expect((await drafts.getDraft(draft.id))?.revision).toBe(1);
	});

	it('saves an invalid draft but does not publish it; a valid one becomes version 1, then 2', async () => {
		const fork = await drafts.fork(ana, 'shipped');
		if (!fork.ok) throw new Error(fork.message);
		const id = fork.draft.id;
		const broken = fork.draft.yaml.replace('next: isolated', 'next: nowhere');
		const saved = await drafts.save(ana, id, broken, 1);
		expect(saved.ok).toBe(true);
		const refused = await drafts.publish(ana, id, 2);
		expect(refused).toMatchObject({ ok: false, status: 422 });
		if (refused.ok) throw new Error('published');
		expect(refused.errors[0].message).toMatch(/unknown inject 'nowhere'/);
		expect(await drafts.listVersions(fork.draft.scenarioId)).toEqual([]);

		await drafts.save(ana, id, fork.draft.yaml, 2);
		const v1 = await drafts.publish(ana, id, 3);
		expect(v1).toMatchObject({
			ok: true,
			version: { version: 1, by: { name: 'Ana' } },
			revision: 4
		});
		const entry = await findScenario(fork.draft.scenarioId);
		expect(entry?.origin).toBe('uploaded');
		if (!v1.ok) throw new Error('not published');
		expect(entry?.hash).toBe(v1.version.hash);

		await drafts.save(ben, id, fork.draft.yaml.replace('title: New scenario', 'title: Changed'), 4);
		const v2 = await drafts.publish(ben, id, 5);
		expect(v2).toMatchObject({ ok: true, version: { version: 2, by: { name: 'Ben' } } });
		expect((await findScenario(fork.draft.scenarioId))?.scenario?.title).toBe('Changed');
		// A publish over a revision someone moved past is refused.
		expect(await drafts.publish(ana, id, 3)).toMatchObject({ ok: false, status: 409 });
	});

	it('will not publish over another library scenario it was not made from', async () => {
		const other = await drafts.createBlank(ana);
		const takeover = other.yaml.replace(/^id: .*$/m, 'id: shipped-local');
		await drafts.save(ana, other.id, takeover, 1);
		const result = await drafts.publish(ana, other.id, 2);
		// shipped-local has studio versions (the test above): replacing it is a new version of it.
		expect(result.ok).toBe(true);
		const bundled = await drafts.createBlank(ana);
		await drafts.save(ana, bundled.id, bundled.yaml.replace(/^id: .*$/m, 'id: shipped'), 1);
		expect(await drafts.publish(ana, bundled.id, 2)).toMatchObject({ ok: false, status: 409 });
		// Uploaded outside the studio: only a fork of it may replace it.
		const { uploadChecked } = await import('../scenario-replace');
		const uploaded = await uploadChecked(
			new TextEncoder().encode(blankScenario('uploaded-one')),
			'uploaded-one.yaml'
		);
		expect(uploaded.ok).toBe(true);
		const stranger = await drafts.createBlank(ana);
		await drafts.save(ana, stranger.id, stranger.yaml.replace(/^id: .*$/m, 'id: uploaded-one'), 1);
		const refused = await drafts.publish(ana, stranger.id, 2);
		expect(refused).toMatchObject({ ok: false, status: 409 });
		if (refused.ok) throw new Error('published');
		expect(refused.message).toMatch(/another library scenario; fork that one/);
		const fork = await drafts.fork(ana, 'uploaded-one');
		if (!fork.ok) throw new Error(fork.message);
		expect(fork.draft.scenarioId).toBe('uploaded-one');
		expect(await drafts.publish(ana, fork.draft.id, 1)).toMatchObject({
			ok: true,
			version: { version: 1 }
		});
	});
});
