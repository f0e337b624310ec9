/**
 * The storage module: one interface per store (accounts.ts, sessions.ts, summaries.ts, plans.ts,
 * improvements.ts, debrief-edits.ts), the `Storage` aggregate of them (types.ts), and the factory
 * that opens an implementation. Only `openFileStorage` exists yet; a PostgreSQL implementation
 * adds a kind here and passes `describeStorageContract` (contract.ts).
 */
import { openFileStorage } from './file/index';
import type { Storage } from './types';

/** Which implementation to open, and where its data is. */
export type StorageConfig = { kind: 'file'; dataDir: string };

/** Opens the storage `config` names; its stores read or connect on first use. */
export function openStorage(config: StorageConfig): Storage {
	switch (config.kind) {
		case 'file':
			return openFileStorage(config.dataDir);
	}
}
