// The few lines `npm start` prints once the server listens: where to open Sandtable on this
// computer, and the address trainees' phones and laptops on the same network can use. Pure (the
// network interfaces are passed in), so scripts/banner.spec.ts can check every case.

/**
 * @typedef {{ address: string; family: string | number; internal: boolean }} InterfaceAddress
 * @typedef {Record<string, InterfaceAddress[] | undefined>} Interfaces
 */

const ANY = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i;

/**
 * An address as a URL host: IPv6 in brackets.
 *
 * @param {string} address
 */
function urlHost(address) {
	return address.includes(':') ? `[${address}]` : address;
}

/**
 * The machine's addresses other computers on the network can reach: the IPv4 ones (what people
 * type), or the IPv6 ones on a machine without IPv4; loopback and link-local (169.254.x.x,
 * fe80::) left out.
 *
 * @param {Interfaces} interfaces what `os.networkInterfaces()` returns
 * @returns {string[]}
 */
export function lanAddresses(interfaces) {
	/** @type {string[]} */
	const v4 = [];
	/** @type {string[]} */
	const v6 = [];
	for (const list of Object.values(interfaces)) {
		for (const a of list ?? []) {
			if (a.internal) continue;
			const ipv4 = a.family === 'IPv4' || a.family === 4;
			if (ipv4) {
				if (!a.address.startsWith('169.254.')) v4.push(a.address);
			} else if (!/^fe80:/i.test(a.address)) {
				v6.push(a.address);
			}
		}
	}
	return [...new Set(v4.length ? v4 : v6)];
}

/**
 * The URLs a listening server can be opened at.
 *
 * @param {{ host: string; port: number; origin?: string; interfaces: Interfaces }} options
 *   `host` as given in HOST (`0.0.0.0` means every interface), `port` the one it listens on,
 *   `origin` the ORIGIN variable when set.
 * @returns {{ local: string; lan: string[]; origin: string | null; loopbackOnly: boolean }}
 */
export function serverUrls({ host, port, origin, interfaces }) {
	const any = ANY.has(host);
	const loopbackOnly = !any && LOOPBACK.test(host);
	const local = `http://${any || loopbackOnly ? 'localhost' : urlHost(host)}:${port}`;
	// IPv6-only (`::`) servers in Node also accept IPv4, so the IPv4 addresses apply there too.
	const lan = any
		? lanAddresses(interfaces).map((a) => `http://${urlHost(a)}:${port}`)
		: loopbackOnly
			? []
			: [local];
	return {
		local,
		lan: lan.filter((u) => u !== local),
		origin: origin ? origin.replace(/\/+$/, '') : null,
		loopbackOnly
	};
}

/**
 * The banner's lines.
 *
 * @param {ReturnType<typeof serverUrls>} urls
 * @returns {string[]}
 */
export function bannerLines(urls) {
	/** @param {string} label @param {string} value */
	const row = (label, value) => `  ${label.padEnd(18)} ${value}`;
	const lines = ['', '  Sandtable is running.', ''];
	const shared = urls.origin ?? urls.lan[0];
	if (urls.origin) lines.push(row('Public address:', `${urls.origin}   (ORIGIN)`));
	lines.push(row('On this computer:', urls.local));
	if (!urls.origin) {
		urls.lan.forEach((url, i) => lines.push(row(i === 0 ? 'On your network:' : '', url)));
		if (!urls.lan.length && urls.loopbackOnly) {
			lines.push('  Only this computer can reach it (HOST is a loopback address):');
			lines.push('  start it with HOST=0.0.0.0 for trainees on other devices.');
		} else if (!urls.lan.length) {
			lines.push('  No network address found: trainees need a device on this network.');
		}
	}
	if (shared) lines.push(row('Trainees join at:', `${shared}/join`));
	lines.push('', '  Stop it with Ctrl+C.', '');
	return lines;
}
