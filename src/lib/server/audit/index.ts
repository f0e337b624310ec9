/** The app's audit log, for the admin pages (routes reach storage through accessors like this). */
import { storage } from '../app-storage';
import type { AuditEntry } from '../storage/audit';

/** Every entry, oldest first. */
export function auditEntries(): Promise<AuditEntry[]> {
	return storage.audit.list();
}
