import { describe, expect, it } from 'vitest';
import { firstLoadFiles, type ViteManifest } from './bundle';

const manifest: ViteManifest = {
	'entry.js': { file: 'entry/start.js', isEntry: true, imports: ['_shared.js'] },
	'nodes/0.js': { file: 'nodes/0.js', isEntry: true, imports: ['_shared.js'], css: ['0.css'] },
	'nodes/7.js': {
		file: 'nodes/7.js',
		isEntry: true,
		imports: ['_ui.js'],
		css: ['7.css']
	} as ViteManifest[string] & { dynamicImports: string[] },
	'_shared.js': { file: 'chunks/shared.js' },
	'_ui.js': { file: 'chunks/ui.js', imports: ['_shared.js'], css: ['ui.css'] },
	'_chart.js': { file: 'chunks/chart.js' }
};
(manifest['nodes/7.js'] as unknown as { dynamicImports: string[] }).dynamicImports = ['_chart.js'];

describe('first-load files', () => {
	it('follows static imports once each, collects their CSS and skips dynamic imports', () => {
		expect(firstLoadFiles(manifest, ['entry.js', 'nodes/0.js', 'nodes/7.js'])).toEqual({
			js: ['chunks/shared.js', 'chunks/ui.js', 'entry/start.js', 'nodes/0.js', 'nodes/7.js'],
			css: ['0.css', '7.css', 'ui.css']
		});
	});

	it('fails loudly on a key the manifest does not have', () => {
		expect(() => firstLoadFiles(manifest, ['nodes/9.js'])).toThrow(/no entry 'nodes\/9.js'/);
	});
});
