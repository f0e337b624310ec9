// Stops a start on an unsupported Node.js with one line that says what to do, instead of the
// stack trace that the build or the server would print later.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
	console.error(
		`Sandtable needs Node.js 24 or newer; this is Node.js ${process.versions.node}. ` +
			'See "Start it" in README.md for how to get Node 24.'
	);
	process.exit(1);
}
