/** What the room's parts share: which tab is on screen, and the script's injects as the page has them. */
export type RoomTab = 'channels' | 'rfis' | 'improvise' | 'records' | 'hotwash';

export interface ScriptInject {
	id: string;
	title: string;
	phase: string;
	objectives?: string[];
}
