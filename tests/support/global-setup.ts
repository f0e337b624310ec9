import { existsSync } from 'node:fs';

/** Journeys run against the production build; `npm run test:e2e` builds it first. */
export default function globalSetup(): void {
	if (!existsSync('build/index.js')) {
		throw new Error('No build/ found: run `npm run build` (or `npm run test:e2e`, which builds).');
	}
}
