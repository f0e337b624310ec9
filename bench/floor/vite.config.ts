/**
 * The framework floor of `npm run bench`: a SvelteKit app with one endpoint that does what the
 * baseline node:http server does (read a JSON POST, answer 201 with an acknowledgement), built
 * with the same SvelteKit, Vite and adapter as Sandtable. Sandtable's answers/s over this is the
 * cost of our own work (hooks, checks, engine, durable write); this over the bare node:http
 * baseline is the cost of the framework.
 */
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit({ adapter: adapter({ out: 'build' }), csrf: { trustedOrigins: ['*'] } })]
});
