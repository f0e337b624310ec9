/** The studio's checker thread: one request in, one `DraftCheck` out (see check-draft.ts). */
import { checkDraft } from './check-draft';

interface CheckRequest {
	seq: number;
	text: string;
	file: string;
	quick: boolean;
}

self.onmessage = (event: MessageEvent<CheckRequest>) => {
	const { seq, text, file, quick } = event.data;
	self.postMessage({ seq, result: checkDraft(text, file, quick) });
};
