import { describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { useHubs } from '../sessions/testing';
import * as room from './service';

const hubs = useHubs('sandtable-room-');

async function playing() {
	const hub = hubs.newHub();
	const session = await hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Drill',
		teams: ['Red', 'Blue'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
	const joined = await hub.join(session, { name: 'Ana', teamId: 'red', role: 'analyst' });
	if (!joined.ok) throw new Error(joined.message);
	await session.execute((s) => command.start(s));
	return { session, ana: session.state.participants[joined.participantId] };
}

describe('room service', () => {
	it('caps how fast one trainee may chat, with the wait in the message', async () => {
		const { session, ana } = await playing();
		for (let i = 0; i < 20; i++) {
			const r = await room.chat(session, { participant: ana }, { channel: 'red', text: `m${i}` });
			expect(r.ok).toBe(true);
		}
		const over = await room.chat(
			session,
			{ participant: ana },
			{ channel: 'red', text: 'one more' }
		);
		expect(over).toMatchObject({ ok: false, status: 429 });
		expect(over.ok ? '' : over.message).toMatch(/wait \d+ s/);
		expect(session.state.room.messages).toHaveLength(20);
		// Exercise control is not capped.
		const control = await room.chat(
			session,
			{ user: { id: 'u1', role: 'facilitator', email: 'f@x', name: 'F' } as never },
			{ channel: 'red', text: 'from control' }
		);
		expect(control.ok).toBe(true);
	});

	it('acknowledges a retried post with the same id and records it once', async () => {
		const { session, ana } = await playing();
		const first = await room.chat(
			session,
			{ participant: ana },
			{ channel: 'room', text: 'hi', key: 'k1' }
		);
		const again = await room.chat(
			session,
			{ participant: ana },
			{ channel: 'room', text: 'hi', key: 'k1' }
		);
		expect(first).toMatchObject({ ok: true });
		expect(again).toMatchObject({ ok: true, replayed: true });
		expect(first.ok && again.ok && first.id === again.id).toBe(true);
		expect(session.state.room.messages).toHaveLength(1);
	});
});
