/**
 * How each inject channel is labelled and coloured in the feed. Colour is decoration only (the
 * label carries the meaning); no emoji, which many machines (Debian's Chromium among them) lack.
 */
const CHANNELS: Record<string, { label: string; colour: string }> = {
	briefing: { label: 'Briefing', colour: '#5a6472' },
	alert: { label: 'Alert', colour: '#b3261e' },
	log: { label: 'Log', colour: '#0b6bcb' },
	email: { label: 'Email', colour: '#6a4fb3' },
	chat: { label: 'Chat', colour: '#1e7b34' },
	phone: { label: 'Phone call', colour: '#8a5a00' },
	// The channel names an improvised inject may use (engine room.ts) besides the ones above.
	call: { label: 'Phone call', colour: '#8a5a00' },
	other: { label: 'Other', colour: '#5a6472' },
	ticket: { label: 'Ticket', colour: '#0f766e' },
	news: { label: 'News', colour: '#9d174d' },
	social: { label: 'Social media', colour: '#c2410c' },
	report: { label: 'Report', colour: '#334155' },
	meeting: { label: 'Meeting', colour: '#1d3557' }
};

/** Label and colour of a channel; unknown channels keep their name. */
export function channelInfo(channel: string): { label: string; colour: string } {
	return CHANNELS[channel] ?? { label: channel, colour: '#5a6472' };
}
