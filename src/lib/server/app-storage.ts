/**
 * The app's storage, opened once per process: PostgreSQL when DATABASE_URL is set, else the data
 * folder. The one place that chooses the implementation. Routes reach it only through the
 * accessors built on it (`getAuth()`, `hub`, `plans()`, `improvements()`, `summaries`,
 * `debriefs()`).
 */
import { DATABASE_URL, DATA_DIR } from './config';
import { openStorage, type StorageConfig } from './storage/index';

const config: StorageConfig = DATABASE_URL
	? { kind: 'postgres', url: DATABASE_URL }
	: { kind: 'file', dataDir: DATA_DIR };

export const storage = openStorage(config);

/** Where the stores write, for messages (readiness): "the database" or "the data folder". */
export const storageWhere = config.kind === 'postgres' ? 'the database' : 'the data folder';
