// Starts the production build with Sandtable's defaults. Every variable can still be set by the
// operator (see the README's configuration table).
import './require-node.js';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import { bannerLines, serverUrls } from './banner.js';

// adapter-node refuses bodies over 512K by default, but a scenario upload may be up to 1 MiB
// (the checker's limit).
process.env.BODY_SIZE_LIMIT ??= '2M';

// Without ORIGIN, adapter-node (6 as 5) takes the host from the request but assumes https, so
// every form post to a plain `npm start` (http://localhost:3000, or the machine's address that
// trainees' phones use) would fail SvelteKit's cross-site check. This server speaks plain http,
// so it says so: the protocol header adapter-node reads is set on every request, overwriting
// whatever a client sent. Behind an https proxy, set ORIGIN (or PROTOCOL_HEADER) and this stays
// out of the way. adapter-node exports its server, so the header is set by a listener of ours
// that runs before its own, not by patching Node's http module.
const plainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
const header = 'x-sandtable-protocol';
if (plainHttp) process.env.PROTOCOL_HEADER = header;

// adapter-node announces `Listening on http://0.0.0.0:3000`, an address no browser opens; the
// banner printed below says where to open Sandtable instead (a socket path is still announced).
const log = console.log;
console.log = (...args) => {
	if (typeof args[0] === 'string' && /^Listening on https?:\/\//.test(args[0])) {
		console.log = log;
		return;
	}
	log(...args);
};

// A wrong variable (see src/env.ts) stops the start with its name and the problem, without the
// stack trace of the module loader around it.
const { server } = await import('../build/index.js').catch((e) => {
	console.error(e instanceof Error ? e.message : String(e));
	process.exit(1);
});
if (plainHttp) {
	server.prependListener('request', (request) => {
		request.headers[header] = 'http';
	});
}

// A port already taken stops the start with one line instead of an unhandled 'error' event.
server.on('error', (e) => {
	console.error(
		e?.code === 'EADDRINUSE'
			? `Port ${process.env.PORT ?? 3000} is in use: stop what runs there, or start Sandtable with PORT=another port.`
			: String(e?.message ?? e)
	);
	process.exit(1);
});

if (!server.listening) await once(server, 'listening');
// After adapter-node's own 'listening' callback, whose line is dropped above.
await new Promise((r) => setImmediate(r));
console.log = log;
const address = server.address();
if (address && typeof address === 'object') {
	const urls = serverUrls({
		host: process.env.HOST ?? '0.0.0.0',
		port: address.port,
		origin: process.env.ORIGIN,
		interfaces: networkInterfaces()
	});
	console.log(bannerLines(urls).join('\n'));
}
