/**
 * The phases the dashboard's columns and trends follow: every phase of the shown sessions, in
 * scenario order, with scenarios that use parts of one phase model merged into its order.
 */
import type { PhaseList } from './compact';
import type { Accumulator, ShownSession } from './shown';

export interface PhaseRef {
	id: string;
	name: string;
}

/**
 * Adds the phases of `list` not yet in `order`, each just before the next phase of `list` that
 * is, so that scenarios using parts of one phase model merge into that model's order.
 */
function mergePhases(order: PhaseRef[], list: readonly PhaseRef[]): void {
	for (let i = list.length - 1; i >= 0; i--) {
		const p = list[i];
		if (order.some((o) => o.id === p.id)) continue;
		const next = list.slice(i + 1).find((n) => order.some((o) => o.id === n.id));
		const at = next ? order.findIndex((o) => o.id === next.id) : order.length;
		order.splice(at, 0, { id: p.id, name: p.name });
	}
}

/** The merged phase order of the sessions added. */
export class PhaseOrder implements Accumulator {
	private readonly order: PhaseRef[] = [];
	private readonly known = new Set<string>();
	/** Phase lists already merged: sessions of one scenario share theirs. */
	private readonly merged = new Set<PhaseList>();

	add({ record }: ShownSession): void {
		const list = record.phases;
		if (this.merged.has(list)) return;
		this.merged.add(list);
		// Most lists bring no new phase: check before merging.
		if (list.phases.some((p) => !this.known.has(p.id))) {
			mergePhases(this.order, list.phases);
			for (const p of list.phases) this.known.add(p.id);
		}
	}

	/** Every phase seen, in merged order. */
	result(): PhaseRef[] {
		return this.order;
	}
}
