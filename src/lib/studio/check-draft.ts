/**
 * The studio's check of a draft: the engine's own loader (the code `npm run scenarios:check`
 * and uploads run, not a copy), so its messages are the CLI's. `quick` leaves out the path
 * explorer, the one stage that can take seconds on a large scenario, for the check as you type;
 * the full check follows when typing pauses. Pure: runs in the browser's worker and in Node.
 */
import { loadScenario, type Located } from '#lib/engine/scenario/load.js';

export interface DraftCheck {
	errors: Located[];
	warnings: Located[];
	/** False for a quick check: loops, endings and paths were not explored. */
	complete: boolean;
	/** Paths the full check explored (null for a quick check or when it did not get that far). */
	paths: number | null;
	ms: number;
}

/** Checks `text` as the scenario file `file`; never throws. */
export function checkDraft(
	text: string,
	file: string,
	quick: boolean,
	now = () => performance.now()
): DraftCheck {
	const started = now();
	const result = loadScenario(text, file, { paths: !quick });
	return {
		errors: result.errors,
		warnings: result.warnings,
		complete: !quick,
		paths: result.paths?.paths ?? null,
		ms: now() - started
	};
}
