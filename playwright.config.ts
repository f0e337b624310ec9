import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './tests/support/browser';

const executablePath = findChromium();

/**
 * The journeys that also run on PostgreSQL (issue 14): each server they start gets a fresh schema
 * of the test database (tests/support/server.ts); skipped, saying why, where it does not answer.
 */
const ON_POSTGRES = [
	'**/security/authz.e2e.ts',
	'**/security/answer-key.e2e.ts',
	'**/security/bad-input.e2e.ts'
];

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	globalSetup: './tests/support/global-setup.ts',
	projects: [
		// Everything, on the data folder (the embedded storage).
		{ name: 'embedded', metadata: { backend: 'embedded' } },
		{ name: 'postgres', testMatch: ON_POSTGRES, metadata: { backend: 'postgres' } }
	],
	use: {
		...devices['Desktop Chrome'],
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
