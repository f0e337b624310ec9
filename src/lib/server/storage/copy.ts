/**
 * Copies everything one `Storage` holds into another that is empty (`npm run copy-to-postgres`
 * moves a data folder into PostgreSQL with it). It uses the interfaces only, so it copies between
 * any two implementations.
 *
 * What the interfaces do not list is not copied: sign-in sessions and single-use tokens (reset
 * links, sign-ins waiting for a second factor), so everyone signs in again; and debrief edits of
 * sessions that are no longer stored. The audit log is appended entry by entry and each entry
 * checked to come out with the hash it had, so the copy's chain is the original's; a source chain
 * that does not verify stops the copy before anything is written.
 */
import { verifyAuditChain } from '../audit/chain';
import type { Storage } from './types';

export interface CopyReport {
	users: number;
	apiTokens: number;
	sessions: number;
	events: number;
	summaries: number;
	planRevisions: number;
	organisationProfile: number;
	studioDrafts: number;
	studioVersions: number;
	improvementItems: number;
	debriefEdits: number;
	auditEntries: number;
	webhookDeliveries: number;
}

/** What `storage` holds already, by store, for the stores that hold anything. */
export async function nonEmptyStores(storage: Storage): Promise<string[]> {
	const counts: [string, number][] = [
		['accounts', await storage.accounts.countUsers()],
		['sessions', (await storage.sessions.list()).length],
		['summaries', (await storage.summaries.all()).length],
		['plan revisions', (await storage.plans.list()).length],
		['organisation profile', (await storage.organisation.get()) ? 1 : 0],
		['improvement items', (await storage.improvements.list()).length],
		['audit log', (await storage.audit.list()).length],
		['webhook deliveries', (await storage.webhookDeliveries.list()).length]
	];
	return counts.filter(([, n]) => n > 0).map(([name, n]) => `${name} (${n})`);
}

/** Copies `from` into `to`, which must be empty (it refuses otherwise, writing nothing). */
export async function copyStorage(from: Storage, to: Storage): Promise<CopyReport> {
	const taken = await nonEmptyStores(to);
	if (taken.length > 0) {
		throw new Error(`the target is not empty: it holds ${taken.join(', ')}`);
	}
	const audit = await from.audit.list();
	const chain = verifyAuditChain(audit);
	if (!chain.ok) throw new Error(`the source's audit log does not verify: ${chain.reason}`);

	const report: CopyReport = {
		users: 0,
		apiTokens: 0,
		sessions: 0,
		events: 0,
		summaries: 0,
		planRevisions: 0,
		organisationProfile: 0,
		studioDrafts: 0,
		studioVersions: 0,
		improvementItems: 0,
		debriefEdits: 0,
		auditEntries: 0,
		webhookDeliveries: 0
	};

	for (const user of await from.accounts.listUsers()) {
		await to.accounts.insertUser(user);
		report.users++;
		// Oldest first, so the copy lists them as the source does.
		for (const token of (await from.accounts.listApiTokens(user.id)).reverse()) {
			await to.accounts.insertApiToken(token);
			report.apiTokens++;
		}
	}

	const metas = (await from.sessions.list()).sort((a, b) => a.createdAt - b.createdAt);
	for (const meta of metas) {
		const session = await from.sessions.load(meta.id);
		from.sessions.close(meta.id);
		if (!session) throw new Error(`session ${meta.id} is listed but cannot be loaded`);
		await to.sessions.create(session);
		report.sessions++;
		report.events += session.events.length;
		const edits = await from.debriefEdits.get(meta.id);
		if (edits) {
			await to.debriefEdits.put(edits);
			report.debriefEdits++;
		}
	}

	for (const summary of await from.summaries.all()) {
		await to.summaries.put(summary);
		report.summaries++;
	}
	for (const revision of await from.plans.list()) {
		await to.plans.add(revision);
		report.planRevisions++;
	}
	// The current profile only: it is the one thing its store keeps (as revision 1 of the copy).
	const profile = await from.organisation.get();
	if (profile) {
		await to.organisation.put({ ...profile, rev: 1 });
		report.organisationProfile = 1;
	}
	// Studio drafts as revision 1 of the copy (as the profile above: a revision only orders
	// saves within one store), and every scenario's published versions that a draft names.
	const scenarioIds = new Set<string>();
	for (const summary of await from.studio.listDrafts()) {
		const draft = await from.studio.getDraft(summary.id);
		if (!draft) continue;
		await to.studio.putDraft({ ...draft, revision: 1 });
		scenarioIds.add(draft.scenarioId);
		report.studioDrafts++;
	}
	for (const id of scenarioIds) {
		for (const version of await from.studio.listVersions(id)) {
			await to.studio.addVersion(version);
			report.studioVersions++;
		}
	}
	const items = await from.improvements.list();
	if (items.length > 0) await to.improvements.add(items);
	report.improvementItems = items.length;

	for (const entry of audit) {
		const { seq: _seq, prev: _prev, hash, ...draft } = entry;
		const copied = await to.audit.append(draft);
		if (copied.hash !== hash) {
			throw new Error(`audit entry ${entry.seq} came out with another hash in the copy`);
		}
		report.auditEntries++;
	}

	const deliveries = await from.webhookDeliveries.list();
	if (deliveries.length > 0) await to.webhookDeliveries.save(deliveries);
	report.webhookDeliveries = deliveries.length;
	return report;
}
