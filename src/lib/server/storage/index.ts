/**
 * The storage module: one interface per store (accounts.ts, sessions.ts, summaries.ts, plans.ts,
 * improvements.ts, debrief-edits.ts, audit.ts, webhook-deliveries.ts), the `Storage` aggregate of
 * them (types.ts), and the factory that opens an implementation: the data folder (file/) or
 * PostgreSQL (pg/). Both pass `describeStorageContract` (contract.ts).
 */
import { openFileStorage } from './file/index';
import { openPgStorage } from './pg/index';
import type { Storage } from './types';

/** Which implementation to open, and where its data is. */
export type StorageConfig = { kind: 'file'; dataDir: string } | { kind: 'postgres'; url: string };

/** Opens the storage `config` names; its stores read or connect on first use. */
export function openStorage(config: StorageConfig): Storage {
	switch (config.kind) {
		case 'file':
			return openFileStorage(config.dataDir);
		case 'postgres':
			return openPgStorage({ url: config.url });
	}
}
