/** A clock for countdowns and the scenario time: this browser's `Date.now()`, updated each second. */
export class Ticker {
	now = $state(Date.now());

	/** Ticks until the returned function is called. */
	start(intervalMs = 1000): () => void {
		this.now = Date.now();
		const timer = setInterval(() => (this.now = Date.now()), intervalMs);
		return () => clearInterval(timer);
	}
}
