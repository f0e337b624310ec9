import { describe, expect, it } from 'vitest';
import { bannerLines, lanAddresses, serverUrls } from './banner.js';

/** A laptop on Wi-Fi with Docker: loopback, a LAN address, a bridge and link-local noise. */
const LAPTOP = {
	lo: [
		{ address: '127.0.0.1', family: 'IPv4', internal: true },
		{ address: '::1', family: 'IPv6', internal: true }
	],
	wlan0: [
		{ address: '192.168.1.20', family: 'IPv4', internal: false },
		{ address: 'fe80::1c2b:3d4e', family: 'IPv6', internal: false },
		{ address: '2001:db8::20', family: 'IPv6', internal: false }
	],
	eth1: [{ address: '169.254.10.3', family: 'IPv4', internal: false }],
	docker0: [{ address: '172.17.0.1', family: 4, internal: false }]
};

describe('lanAddresses', () => {
	it('lists the IPv4 addresses others can reach, without loopback or link-local', () => {
		expect(lanAddresses(LAPTOP)).toEqual(['192.168.1.20', '172.17.0.1']);
	});
	it('falls back to global IPv6 on a machine without IPv4', () => {
		const v6only = {
			lo: LAPTOP.lo,
			eth0: [
				{ address: 'fe80::1', family: 'IPv6', internal: false },
				{ address: '2001:db8::7', family: 'IPv6', internal: false }
			]
		};
		expect(lanAddresses(v6only)).toEqual(['2001:db8::7']);
	});
	it('is empty with nothing but loopback', () => {
		expect(lanAddresses({ lo: LAPTOP.lo, none: undefined })).toEqual([]);
	});
});

describe('serverUrls', () => {
	it('on every interface: localhost here, the LAN addresses for trainees', () => {
		expect(serverUrls({ host: '0.0.0.0', port: 3000, interfaces: LAPTOP })).toEqual({
			local: 'http://localhost:3000',
			lan: ['http://192.168.1.20:3000', 'http://172.17.0.1:3000'],
			origin: null,
			loopbackOnly: false
		});
	});
	it('on a loopback HOST: no LAN address', () => {
		const urls = serverUrls({ host: '127.0.0.1', port: 8080, interfaces: LAPTOP });
		expect(urls).toMatchObject({ local: 'http://localhost:8080', lan: [], loopbackOnly: true });
	});
	it('on one address: that address, brackets for IPv6', () => {
		expect(serverUrls({ host: '192.168.1.20', port: 3000, interfaces: LAPTOP }).local).toBe(
			'http://192.168.1.20:3000'
		);
		expect(serverUrls({ host: '2001:db8::20', port: 3000, interfaces: LAPTOP }).local).toBe(
			'http://[2001:db8::20]:3000'
		);
	});
	it('keeps ORIGIN without its trailing slash', () => {
		const urls = serverUrls({
			host: '0.0.0.0',
			port: 3000,
			origin: 'https://sandtable.example.org/',
			interfaces: LAPTOP
		});
		expect(urls.origin).toBe('https://sandtable.example.org');
	});
});

describe('bannerLines', () => {
	it('names the local URL, the network URL and where trainees join', () => {
		const text = bannerLines(serverUrls({ host: '0.0.0.0', port: 3000, interfaces: LAPTOP })).join(
			'\n'
		);
		expect(text).toContain('On this computer:  http://localhost:3000');
		expect(text).toContain('On your network:   http://192.168.1.20:3000');
		expect(text).toContain('Trainees join at:  http://192.168.1.20:3000/join');
		expect(text).not.toContain('0.0.0.0');
	});
	it('says why there is no network URL on a loopback HOST', () => {
		const text = bannerLines(
			serverUrls({ host: 'localhost', port: 3000, interfaces: LAPTOP })
		).join('\n');
		expect(text).toContain('HOST=0.0.0.0');
		expect(text).not.toContain('Trainees join at');
	});
	it('sends trainees to ORIGIN behind a proxy', () => {
		const text = bannerLines(
			serverUrls({
				host: '0.0.0.0',
				port: 3000,
				origin: 'https://st.example.org',
				interfaces: LAPTOP
			})
		).join('\n');
		expect(text).toContain('Trainees join at:  https://st.example.org/join');
		expect(text).not.toContain('192.168.1.20');
	});
});
