import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './tests/support/browser';

const executablePath = findChromium();

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	globalSetup: './tests/support/global-setup.ts',
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
