import { describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { phishScenario, Sim } from '#lib/engine/testing.js';
import { traineePatch } from '#lib/engine/session/trainee-patch.js';
import { traineeView, type TraineeView } from '#lib/engine/session/trainee-view.js';
import { addedInjects, applyPatch, mergeInjects, withoutServerNow } from './patch';

const scenario = phishScenario();
const md = (s: string) => `<p>${s}</p>`;

/** A session of Ana (analyst) and Ian (commander) in team Red, with Ana's view kept by patches. */
function follow() {
	const sim = new Sim(scenario);
	let seen = 0;
	let view: TraineeView | null = null;
	let patches = 0;
	const step = (action: () => void) => {
		action();
		sim.tick();
		const events: SessionEvent[] = sim.log.slice(seen);
		seen = sim.log.length;
		const patch = traineePatch(scenario, sim.state, 'ana', events, md);
		if (patch && view) {
			view = applyPatch(view, patch);
			patches++;
		}
		view ??= traineeView(scenario, sim.state, 'ana', md);
	};
	const fresh = () => traineeView(scenario, sim.state, 'ana', md)!;
	const join = (id: string, role: string) =>
		sim.must((s) =>
			command.join(scenario, s, { participantId: id, name: id, teamId: 'red', role })
		);
	const answer = (who: string, injectId: string, decisionId: string, value: object, n: number) =>
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: `r${n}`,
				participantId: who,
				injectId,
				decisionId,
				value: value as never
			})
		);
	return { sim, step, fresh, join, answer, view: () => view!, patches: () => patches };
}

/** Views compared without `seq`: a patch is only sent when something visible changed. */
const visible = (v: TraineeView) => ({ ...v, seq: 0 });

describe('applying the trainee stream', () => {
	it('keeps a view equal to a fresh one through a whole session, patch by patch', () => {
		const t = follow();
		t.step(() => t.join('ana', 'analyst'));
		t.step(() => t.join('ian', 'ic'));
		expect(t.view().team.members.map((m) => m.id)).toEqual(['ana', 'ian']);
		t.step(() => t.sim.must(command.start));
		t.step(() => t.sim.wait(6));
		expect(t.view().injects.map((i) => i.id)).toEqual(['brief', 'alert']);
		t.step(() => t.answer('ana', 'alert', 'flag', { kind: 'indicators', lines: [1, 3] }, 1));
		t.step(() => t.answer('ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' }, 2));
		t.step(() => t.answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' }, 3));
		t.step(() => t.sim.wait(3));
		t.step(() => t.sim.must(command.pause));
		t.step(() => t.sim.must(command.resume));
		expect(visible(t.view())).toEqual(visible(t.fresh()));
		t.step(() => t.sim.must(command.reveal));
		t.step(() => t.sim.must((s) => command.end(scenario, s, t.sim.now)));
		expect(visible(t.view())).toEqual(visible(t.fresh()));
		expect(t.view().injects.map((i) => i.id)).toEqual(['brief', 'alert', 'isolated']);
		expect(t.view().status).toBe('ended');
		expect(t.patches()).toBeGreaterThan(8);
	});

	it('ignores a patch that is not newer than the view', () => {
		const t = follow();
		t.step(() => t.join('ana', 'analyst'));
		const view = t.view();
		const stale = { seq: view.seq, status: 'ended' as const };
		expect(applyPatch(view, stale)).toBe(view);
		expect(applyPatch(view, { seq: view.seq + 1, status: 'paused' }).status).toBe('paused');
	});

	it('replaces a whole view when the patch carries one (the reveal)', () => {
		const t = follow();
		t.step(() => t.join('ana', 'analyst'));
		const replacement = { ...t.view(), title: 'Renamed', seq: t.view().seq + 5 };
		expect(applyPatch(t.view(), { seq: replacement.seq, view: replacement })).toBe(replacement);
	});
});

describe('merging injects', () => {
	const inject = (id: string, title = id) => ({ id, title }) as TraineeView['injects'][number];

	it('replaces by id in place and appends new ones in the order given', () => {
		const merged = mergeInjects(
			[inject('a'), inject('b')],
			[inject('c'), inject('a', 'A2'), inject('d')]
		);
		expect(merged.map((i) => `${i.id}:${i.title}`)).toEqual(['a:A2', 'b:b', 'c:c', 'd:d']);
	});

	it('lists the injects a view gained', () => {
		const before = { injects: [inject('a')] } as TraineeView;
		const after = { injects: [inject('a'), inject('b')] } as TraineeView;
		expect(addedInjects(before, after).map((i) => i.id)).toEqual(['b']);
	});

	it('drops the transport field of a message', () => {
		expect(withoutServerNow({ seq: 3, serverNow: 99 })).toEqual({ seq: 3 });
	});
});
