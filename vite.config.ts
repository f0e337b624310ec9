import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit({
			preprocess: vitePreprocess(),
			compilerOptions: { runes: true },
			adapter: adapter({ out: 'build', precompress: true }),
			// src/lib/server/csrf.ts decides instead: SvelteKit 3's check also refuses the JSON API's
			// body-less commands sent with a Bearer token, which no browser sends on its own.
			csrf: { trustedOrigins: ['*'] },
			// The browser asks the server which route a path is instead of loading every route's
			// pattern up front: a smaller first load for trainees' phones, and no route list in public.
			router: { resolution: 'server' },
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:'],
					'connect-src': ['self'],
					'font-src': ['self'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		})
	],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'bench/**/*.spec.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 20_000
	}
});
