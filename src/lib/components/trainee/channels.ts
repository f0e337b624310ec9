/** How each inject channel is labelled and marked in the feed (the icon is decoration only). */
const CHANNELS: Record<string, { label: string; icon: string }> = {
	briefing: { label: 'Briefing', icon: '📋' },
	alert: { label: 'Alert', icon: '🚨' },
	log: { label: 'Log', icon: '🧾' },
	email: { label: 'Email', icon: '✉️' },
	chat: { label: 'Chat', icon: '💬' },
	phone: { label: 'Phone call', icon: '📞' },
	ticket: { label: 'Ticket', icon: '🎫' },
	news: { label: 'News', icon: '📰' },
	social: { label: 'Social media', icon: '📣' },
	report: { label: 'Report', icon: '📄' },
	meeting: { label: 'Meeting', icon: '👥' }
};

/** Label and icon of a channel; unknown channels keep their name. */
export function channelInfo(channel: string): { label: string; icon: string } {
	return CHANNELS[channel] ?? { label: channel, icon: '•' };
}

/** 1-based line numbers for people, from the 0-based ones the engine uses. */
export function lineList(lines: readonly number[]): string {
	return lines.map((n) => n + 1).join(', ');
}
