/**
 * The baseline: a bare node:http server that reads a JSON POST, parses it and answers 201 with a
 * JSON body the size of the app's answer acknowledgement. Run as its own process (the runner
 * forks it); it reports its port over IPC. What the app costs beyond this is the framework,
 * the checks, the engine and the durable write.
 *
 * It is also the memory floor of an open event stream: `GET /stream` writes what the app's
 * trainee stream writes first (bench/stream-view.ts) and keeps the response open, pinged every
 * 20 s by one shared timer, until the client goes away.
 */
import { createServer, type ServerResponse } from 'node:http';

import { ACK } from './baseline-ack';
import { HEARTBEAT_MS, PING, RETRY, STREAM_HEADERS, VIEW_MESSAGE } from './stream-view';

const streams = new Set<ServerResponse>();
setInterval(() => {
	for (const res of streams) res.write(PING);
}, HEARTBEAT_MS).unref();

const server = createServer((req, res) => {
	if (req.method === 'GET' && req.url === '/stream') {
		res.writeHead(200, STREAM_HEADERS);
		res.write(RETRY);
		res.write(VIEW_MESSAGE);
		streams.add(res);
		res.on('close', () => streams.delete(res));
		return;
	}
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		let ok: boolean;
		try {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			ok = req.method === 'POST' && typeof body === 'object' && body !== null;
		} catch {
			ok = false;
		}
		res.writeHead(ok ? 201 : 400, { 'content-type': 'application/json' });
		res.end(ok ? ACK : '{"error":"bad json"}');
	});
});

server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	if (process.send) process.send({ port });
	else console.log(`baseline listening on http://127.0.0.1:${port}`);
});
process.on('disconnect', () => {
	for (const res of streams) res.destroy();
	server.close(() => process.exit(0));
});
