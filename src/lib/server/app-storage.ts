/**
 * The app's storage, opened once per process over the configured data folder: the one place that
 * chooses the implementation. Routes reach it only through the accessors built on it
 * (`getAuth()`, `hub`, `plans()`, `improvements()`, `summaries`, `debriefs()`).
 */
import { DATA_DIR } from './config';
import { openStorage } from './storage/index';

export const storage = openStorage({ kind: 'file', dataDir: DATA_DIR });
