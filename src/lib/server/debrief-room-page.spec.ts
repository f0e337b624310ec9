/**
 * The room's sections of the debrief page rendered on the server, as the page load feeds them
 * (Markdown through renderMarkdown): what each shows, and that no team's part shows another's.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { buildDebrief } from '#lib/engine/score/debrief.js';
import { playedRoom } from '#lib/engine/score/debrief-room.fixture.js';
import FeedbackSection from '#lib/components/debrief/FeedbackSection.svelte';
import RoomSection from '#lib/components/debrief/RoomSection.svelte';
import TeamLog from '#lib/components/debrief/TeamLog.svelte';
import { roomHtml } from './debrief';
import { renderMarkdown } from './markdown';

const sim = playedRoom();
const d = buildDebrief(sim.scenario, sim.state, sim.now);
const teams = d.overview.teams.map((t) => ({ id: t.id, name: t.name }));

/** Text of an HTML fragment with tags dropped and spaces folded, for reading assertions. */
const text = (html: string) =>
	html
		.replace(/<!--[^]*?-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');

describe('the room section of the debrief page', () => {
	const html = render(RoomSection, {
		props: { room: d.room, html: roomHtml(d.room, renderMarkdown) }
	}).body;

	it('shows RFI figures and answers, and flags the unanswered request', () => {
		expect(text(html)).toContain('Red 3 3 0 1 min 30 s 4 min');
		expect(text(html)).toContain('Can we call the vendor?');
		expect(html).toContain('Unanswered');
		expect(html).toContain('<em>WINWORD</em>');
	});

	it('shows chat as sanitised Markdown in collapsible channels with counts', () => {
		expect(text(html)).toContain('Red team channel (2 messages)');
		expect(html).toContain('<strong>isolate</strong>');
		expect(html.match(/<details/g)).toHaveLength(3);
	});

	it('shows each team its own record', () => {
		const red = html.slice(html.indexOf('id="record-red"'), html.indexOf('id="record-blue"'));
		const blue = html.slice(html.indexOf('id="record-blue"'), html.indexOf('id="channels"'));
		expect(red).toContain('ab'.repeat(32));
		expect(text(red)).toContain('Sealed bag 12');
		expect(text(blue)).toContain('Blue summary');
		expect(blue).not.toContain('Sealed bag');
	});
});

describe('the decision log', () => {
	it('marks the improvised injects that reached the team as unscripted', () => {
		const log = (teamId: string) =>
			text(
				render(TeamLog, {
					props: {
						debrief: d,
						team: teams.find((t) => t.id === teamId)!,
						endingHtml: null,
						answers: {}
					}
				}).body
			);
		expect(log('red')).toContain('The CFO calls Unscripted');
		expect(log('red')).toContain('ana: Yes.');
		expect(log('blue')).not.toContain('The CFO calls');
		expect(log('blue')).toContain('The board asks Unscripted');
		expect(log('blue')).not.toContain('Red: contained');
	});
});

describe('the feedback section', () => {
	it('shows the means per objective and team, and lines without names', () => {
		const html = text(
			render(FeedbackSection, {
				props: { feedback: d.room.feedback, hotwash: d.room.hotwash, teams }
			}).body
		);
		expect(html).toContain('Detect the phish 4.0 (3) 4.5 (2) 3.0 (1) 0 / 0 / 1 / 1 / 1');
		expect(html).toContain('Comms with legal (Blue, Incident commander)');
		expect(html).toContain('Escalate sooner');
		expect(html).not.toMatch(/\b(ana|ian|bob)\b/);
	});
});
