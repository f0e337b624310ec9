import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome'
];

/**
 * Returns the Chromium to drive: Playwright's own when installed, else a system one; `undefined`
 * lets Playwright use its own. Throws with install instructions when there is none.
 */
export function findChromium(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) return fromEnv;
	let bundled: string | undefined;
	try {
		bundled = chromium.executablePath();
	} catch {
		bundled = undefined;
	}
	if (bundled && existsSync(bundled)) return undefined;
	const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
	if (system) return system;
	throw new Error(
		'No Chromium found for the browser tests. Install one with `npx playwright install chromium` ' +
			'(needs internet) or `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH.'
	);
}
