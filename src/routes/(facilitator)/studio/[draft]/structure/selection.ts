/** What the structure view has open: a node of the graph, or the form for a new inject. */
export type Selection =
	| { kind: 'inject'; inject: string }
	| { kind: 'decision'; inject: string; decision: string }
	| { kind: 'option'; inject: string; decision: string; option: string }
	| { kind: 'stage'; stage: string }
	| { kind: 'ending'; ending: string }
	| { kind: 'new-inject' };

/** A key that changes when another node is opened (forms start afresh). */
export function selectionKey(s: Selection | null): string {
	return s ? Object.values(s).join('/') : '';
}

/** Scores written as `phase +n`, for a line of the graph. */
export function scoreText(scores: Record<string, number>): string {
	return Object.entries(scores)
		.map(([phase, n]) => `${phase} ${n > 0 ? '+' : ''}${n}`)
		.join(', ');
}
