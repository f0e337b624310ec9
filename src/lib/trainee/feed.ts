/**
 * What the trainee's feed needs to know across injects: which questions still wait for this
 * trainee (the "next open question"), the next deadline the team races against, which injects
 * are done and may fold to one line, and when a countdown is urgent.
 */
import type { ImprovisedView } from '#lib/engine/session/room-view.js';
import type {
	TraineeDecision,
	TraineeInject,
	TraineeView
} from '#lib/engine/session/trainee-view.js';
import { answerState } from './decision';
import { countdown } from './time';

type ViewPart = Pick<TraineeView, 'status' | 'revealed'> & { me: { role: string } };

/** The last real minute before a deadline: the countdown turns urgent. */
export const URGENT_MS = 60_000;

/** The id of a decision's section on the page (the target of "next open question"). */
export const decisionAnchor = (injectId: string, decisionId: string) =>
	`decision-${injectId}-${decisionId}`;

/** This trainee can answer the decision now and has not: a question waiting for them. */
export function isOpenQuestion(view: ViewPart, decision: TraineeDecision): boolean {
	return (
		decision.status === 'open' && decision.myAnswer === null && answerState(view, decision).open
	);
}

/** The team still waits on this decision (someone may still answer or lock it). */
function stillPending(view: ViewPart, d: TraineeDecision): boolean {
	if (d.status !== 'open' || view.status === 'ended' || view.status === 'lobby') return false;
	return d.team !== null || isOpenQuestion(view, d);
}

export interface QuestionRef {
	injectId: string;
	decisionId: string;
	/** The inject's title, to name the question in a notice. */
	title: string;
	team: boolean;
	deadlineMs: number | null;
}

/** The questions waiting for this trainee, in reading order (oldest inject first). */
export function openQuestions(view: TraineeView): QuestionRef[] {
	return view.injects.flatMap((inject) =>
		inject.decisions
			.filter((d) => isOpenQuestion(view, d))
			.map((d) => ({
				injectId: inject.id,
				decisionId: d.id,
				title: inject.title,
				team: d.team !== null,
				deadlineMs: d.deadlineMs
			}))
	);
}

/** The earliest deadline of a decision the team still waits on, or null. */
export function nextDeadline(view: TraineeView): QuestionRef | null {
	let best: QuestionRef | null = null;
	for (const inject of view.injects)
		for (const d of inject.decisions) {
			if (d.deadlineMs === null || !stillPending(view, d)) continue;
			if (best && best.deadlineMs! <= d.deadlineMs) continue;
			best = {
				injectId: inject.id,
				decisionId: d.id,
				title: inject.title,
				team: d.team !== null,
				deadlineMs: d.deadlineMs
			};
		}
	return best;
}

/**
 * Whether a countdown is in its last minute: of real time while the clock runs (at speed 20 a
 * scenario minute is three seconds, too short to act on), of scenario time while it is stopped.
 */
export function isUrgent(left: ReturnType<typeof countdown>): boolean {
	if (left.passed) return false;
	return (left.realLeftMs ?? left.leftMs) <= URGENT_MS;
}

/**
 * The inject is done for this trainee: it asked something, and every question is answered or
 * closed and no team decision is still open. Done injects may fold to one line; before the
 * reveal only (the reveal brings new things to read in every inject).
 */
export function isSettled(view: ViewPart, inject: TraineeInject): boolean {
	if (view.revealed || inject.decisions.length === 0) return false;
	return inject.decisions.every((d) => !isOpenQuestion(view, d) && !stillPending(view, d));
}

/** A card of the feed: a scripted inject, or one the facilitator improvised (`improvised`). */
export type FeedItem = TraineeInject & { improvised?: ImprovisedView };

/**
 * The feed in the order the story told it: the injects as released, with the improvised ones
 * placed by scenario time among them (after an inject released at the same moment). An
 * improvised inject takes an inject's shape with nothing to answer, so it shows like one.
 */
export function feedItems(view: Pick<TraineeView, 'injects' | 'room'>): FeedItem[] {
	const extra = [...view.room.improvised].sort((a, b) => a.scenarioMs - b.scenarioMs);
	const items: FeedItem[] = [];
	let i = 0;
	const take = (until: number) => {
		for (; i < extra.length && extra[i].scenarioMs < until; i++) {
			const u = extra[i];
			items.push({
				...u,
				phase: '',
				phaseName: '',
				bodyHtml: u.html,
				variantsHtml: [],
				optional: false,
				dropped: false,
				artefacts: [],
				decisions: [],
				improvised: u
			});
		}
	};
	for (const inject of view.injects) {
		take(inject.scenarioMs);
		items.push(inject);
	}
	take(Infinity);
	return items;
}
