/**
 * The file implementation of `Storage`, the embedded default: JSON files in the data folder, no
 * set-up. This folder is the only code that knows paths or calls fsync.
 *
 * What lowdb does here: each small document (accounts, plan, improvement items, session index,
 * debrief edits) is a lowdb `Low` over our adapter: `Low.read()` loads the file into `data` (or
 * keeps the defaults when there is no file), the store changes `data` in place, and the adapter
 * writes it out. That is all of lowdb: an in-memory object, read and written whole through an
 * adapter.
 *
 * What our adapter and documents add (durable-file.ts, journaled.ts):
 * - strict reads: a file that exists but does not parse or fails its shape check is never
 *   replaced by the defaults; opening it fails with its path and the reason (`DataFileError`);
 * - atomic writes: a temporary file beside the target, fsynced, renamed over it, then the folder
 *   fsynced, so a file is always one whole version, even after a power cut;
 * - group commit (`DurableDoc.commit`): changes that arrive while a write is in flight are
 *   written together by the next one; each caller is answered once a write that started after
 *   its change is durable; a failed write puts `data` back to what is on disk and refuses
 *   every change waiting on it;
 * - a journal for sessions (`JournaledSessionDoc`): a session changes many times a second, so
 *   each commit is one line appended to `<id>.journal` and fdatasynced, and the session file is
 *   rewritten (atomically, as above) only at checkpoints, after which the journal is emptied.
 *   Session files are read and written through the adapter directly, without a `Low`, so that
 *   their serialiser can re-use the text of the frozen scenario and of the events written before.
 *
 * Summaries (one file per ended session, derived: rebuilt from the session when missing) are
 * plain JSON files written with a temporary file, fsync and rename, without lowdb.
 */
import { join } from 'node:path';
import type { Storage } from '../types';
import { FileAccountStore, accountsFile } from './accounts';
import { FileAuditStore } from './audit';
import { FileDebriefEditStore } from './debrief-edits';
import { FileImprovementItemStore } from './improvements';
import { FileOrganisationStore } from './organisation';
import { FilePlanRevisionStore } from './plans';
import { FileSessionStore } from './sessions';
import { probeDataFolder } from './probe';
import { FileStudioStore } from './studio';
import { FileSummaryStore } from './summaries';
import { FileWebhookDeliveryStore } from './webhook-deliveries';

/** The stores over the data folder `dataDir`; each reads its files on first use. */
export function openFileStorage(dataDir: string): Storage {
	return {
		accounts: new FileAccountStore(accountsFile(dataDir)),
		sessions: new FileSessionStore(join(dataDir, 'sessions')),
		summaries: new FileSummaryStore(join(dataDir, 'summaries')),
		plans: new FilePlanRevisionStore(join(dataDir, 'plan.json')),
		organisation: new FileOrganisationStore(join(dataDir, 'organisation.json')),
		improvements: new FileImprovementItemStore(join(dataDir, 'improvements.json')),
		debriefEdits: new FileDebriefEditStore(join(dataDir, 'debriefs')),
		audit: new FileAuditStore(join(dataDir, 'audit.jsonl')),
		webhookDeliveries: new FileWebhookDeliveryStore(join(dataDir, 'webhooks', 'deliveries.json')),
		studio: new FileStudioStore(join(dataDir, 'studio')),
		probe: () => probeDataFolder(dataDir)
	};
}
