// Starts the production build with Sandtable's defaults. Every variable can still be set by the
// operator (see the README's configuration table).
import http from 'node:http';

// adapter-node refuses bodies over 512K by default, but a scenario upload may be up to 1 MiB
// (the checker's limit).
process.env.BODY_SIZE_LIMIT ??= '2M';

// Without ORIGIN, adapter-node takes the host from the request but assumes https, so every form
// post to a plain `npm start` (http://localhost:3000, or the machine's address that trainees'
// phones use) failed SvelteKit's cross-site check. This server speaks plain http, so it says so:
// the protocol header adapter-node reads is set on every request, overwriting whatever a client
// sent. Behind an https proxy, set ORIGIN (or PROTOCOL_HEADER) and this stays out of the way.
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) {
	const header = 'x-sandtable-protocol';
	process.env.PROTOCOL_HEADER = header;
	const emit = http.Server.prototype.emit;
	http.Server.prototype.emit = function (event, ...args) {
		if (event === 'request') args[0].headers[header] = 'http';
		return emit.call(this, event, ...args);
	};
}

await import('../build/index.js');
