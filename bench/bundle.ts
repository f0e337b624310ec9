/**
 * What a browser downloads to first show a page, from the build output: SvelteKit's client
 * entries (start, app), the route's layout and page nodes, and every chunk they import
 * statically (dynamic imports load later, on demand), with their stylesheets; each file
 * gzipped at level 9, as adapter-node's precompression serves it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface ViteChunk {
	file: string;
	src?: string;
	isEntry?: boolean;
	imports?: string[];
	css?: string[];
}
export type ViteManifest = Record<string, ViteChunk>;

/** Output files (JS and CSS) loaded up front for the manifest entries `keys`. */
export function firstLoadFiles(
	manifest: ViteManifest,
	keys: readonly string[]
): { js: string[]; css: string[] } {
	const js = new Set<string>();
	const css = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) throw new Error(`the Vite manifest has no entry '${key}'`);
		if (chunk.file.endsWith('.css')) css.add(chunk.file);
		else js.add(chunk.file);
		for (const c of chunk.css ?? []) css.add(c);
		for (const i of chunk.imports ?? []) visit(i);
	};
	for (const key of keys) visit(key);
	return { js: [...js].sort(), css: [...css].sort() };
}

interface RoutePage {
	id: string;
	page: { layouts: (number | undefined)[]; leaf: number } | null;
}

/** Sizes of a set of files: raw and gzipped bytes. */
export interface FileSizes {
	files: string[];
	bytes: number;
	gzipBytes: number;
}

function sizes(dir: string, files: string[]): FileSizes {
	let bytes = 0;
	let gzipBytes = 0;
	for (const f of files) {
		const content = readFileSync(join(dir, f));
		bytes += content.length;
		gzipBytes += gzipSync(content, { level: 9 }).length;
	}
	return { files, bytes, gzipBytes };
}

/** Where a build's manifests and client files are. */
export interface BuildPaths {
	/** The client's Vite manifest (.svelte-kit/output/client/.vite/manifest.json). */
	viteManifest: string;
	/** SvelteKit's server manifest (.svelte-kit/output/server/manifest.js). */
	serverManifest: string;
	/** The folder the client files are in (.svelte-kit/output/client or build/client). */
	clientDir: string;
}

export const SVELTEKIT_OUTPUT: BuildPaths = {
	viteManifest: '.svelte-kit/output/client/.vite/manifest.json',
	serverManifest: '.svelte-kit/output/server/manifest.js',
	clientDir: '.svelte-kit/output/client'
};

/**
 * First-load JS and CSS of `routeId`: the route's nodes come from the server manifest, the
 * chunks from the client's Vite manifest.
 */
export async function routeFirstLoad(
	routeId: string,
	paths: BuildPaths = SVELTEKIT_OUTPUT
): Promise<{ route: string; nodes: number[]; js: FileSizes; css: FileSizes }> {
	const vite = JSON.parse(readFileSync(paths.viteManifest, 'utf8')) as ViteManifest;
	// A fresh import each time: a rebuilt manifest at the same path must not come from the cache.
	const url = `${pathToFileURL(resolve(paths.serverManifest)).href}?at=${Date.now()}`;
	// SvelteKit 3 lists the routes at the top of its server manifest (SvelteKit 2 under `_`).
	const server = (await import(url)) as { manifest: { routes: RoutePage[] } };
	const route = server.manifest.routes.find((r) => r.id === routeId);
	if (!route?.page) throw new Error(`no page route '${routeId}' in the build`);
	const nodes = [
		...route.page.layouts.filter((n): n is number => n !== undefined),
		route.page.leaf
	];
	const entries = Object.keys(vite).filter(
		(k) => vite[k].isEntry && /(^|\/)(entry\.js|app\.js)$/.test(k)
	);
	const keys = [
		...entries,
		...nodes.map((n) => `.svelte-kit/generated/build/client-optimized/nodes/${n}.js`)
	];
	const files = firstLoadFiles(vite, keys);
	return {
		route: routeId,
		nodes,
		js: sizes(paths.clientDir, files.js),
		css: sizes(paths.clientDir, files.css)
	};
}
