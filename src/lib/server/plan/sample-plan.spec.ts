import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '#lib/reports/plan.js';
import { validatePlan } from './store';

const SCENARIOS = join(process.cwd(), 'scenarios');
const sample = readFileSync(join(import.meta.dirname, 'sample-plan.md'), 'utf8');

/** Every IR-plan section id a scenario file names: `plan:` on decisions and options, `planSections`. */
function planReferences(node: unknown, found = new Set<string>()): Set<string> {
	if (Array.isArray(node)) node.forEach((n) => planReferences(n, found));
	else if (node && typeof node === 'object') {
		for (const [key, value] of Object.entries(node)) {
			if (key === 'plan' && typeof value === 'string') found.add(value);
			else if (key === 'planSections' && Array.isArray(value))
				value.forEach((v) => typeof v === 'string' && found.add(v));
			else planReferences(value, found);
		}
	}
	return found;
}

describe('the sample IR plan', () => {
	const plan = parsePlan(sample);
	const ids = new Set(plan.sections.map((s) => s.id));

	it('is a valid plan with a title and no empty section', () => {
		expect(() => validatePlan(sample)).not.toThrow();
		expect(plan.title).toBe('Northwind Logistics incident response plan');
		const empty = plan.sections.filter((s) => s.body.trim().length === 0).map((s) => s.id);
		expect(empty).toEqual([]);
	});

	it('has every section the bundled scenarios refer to', () => {
		const files = readdirSync(SCENARIOS).filter((f) => /\.ya?ml$/.test(f));
		expect(files.length).toBeGreaterThanOrEqual(3);
		for (const file of files) {
			const refs = planReferences(parse(readFileSync(join(SCENARIOS, file), 'utf8')));
			expect(refs.size, file).toBeGreaterThan(0);
			const missing = [...refs].filter((id) => !ids.has(id));
			expect(missing, `${file} names sections the sample plan lacks`).toEqual([]);
		}
	});

	it('has the sections the IR plan brief requires', () => {
		const required = [
			'roles-and-contacts',
			'severity-matrix',
			'escalation',
			'evidence-handling',
			'evidence-handling.memory-capture',
			'evidence-handling.chain-of-custody',
			'communications.internal',
			'communications.external',
			'communications.regulatory',
			'playbook-ransomware.detection',
			'playbook-ransomware.containment',
			'playbook-ransomware.eradication',
			'playbook-ransomware.recovery',
			'playbook-bec.detection',
			'playbook-bec.containment',
			'playbook-bec.payment-recall',
			'playbook-cloud-keys.detection',
			'playbook-cloud-keys.containment',
			'playbook-cloud-keys.eradication',
			'recovery.backups',
			'recovery.reintegration',
			'post-incident-review'
		];
		expect(required.filter((id) => !ids.has(id))).toEqual([]);
	});
});
