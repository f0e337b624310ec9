/**
 * The baseline: a bare node:http server that reads a JSON POST, parses it and answers 201 with a
 * JSON body the size of the app's answer acknowledgement. Run as its own process (the runner
 * forks it); it reports its port over IPC. What the app costs beyond this is the framework,
 * the checks, the engine and the durable write.
 */
import { createServer } from 'node:http';

import { ACK } from './baseline-ack';

const server = createServer((req, res) => {
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
process.on('disconnect', () => server.close(() => process.exit(0)));
