/**
 * Synthetic session summaries and improvement items, seeded and deterministic, for measuring the
 * dashboard (and anything else that reads summaries) at archive sizes no test room produces:
 * `syntheticSummaries(10_000, 1)` is ten thousand ended sessions over three years.
 */
import type { Rating } from '../engine/session/events';
import { SCORING_VERSION, type PhaseScore } from '../engine/score/session-score';
import type { SessionSummary, TeamSummary } from '../engine/score/summary';
import type { DashboardItem } from './dashboard';

/** A small fast PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SANS = [
	{ id: 'preparation', name: 'Preparation' },
	{ id: 'identification', name: 'Identification' },
	{ id: 'containment', name: 'Containment' },
	{ id: 'eradication', name: 'Eradication' },
	{ id: 'recovery', name: 'Recovery' },
	{ id: 'lessons-learned', name: 'Lessons Learned' }
];

/** Scenarios the synthetic sessions play: their phases, techniques and objectives. */
const SYNTHETIC_SCENARIOS = [
	{
		id: 'ransomware-file-server',
		title: 'Ransomware on the file server',
		phases: SANS,
		techniques: ['T1566.001', 'T1204.002', 'T1059.001', 'T1021.002', 'T1486', 'T1490'],
		objectives: ['detect', 'contain', 'communicate', 'restore']
	},
	{
		id: 'bec-payment-redirect',
		title: 'Payment redirect by business email compromise',
		phases: SANS.slice(0, 5),
		techniques: ['T1557', 'T1539', 'T1564.008', 'T1114.002', 'T1657'],
		objectives: ['detect', 'evict', 'recall']
	},
	{
		id: 'cloud-key-exfiltration',
		title: 'Leaked cloud keys',
		phases: SANS.slice(1, 5),
		techniques: ['T1552.001', 'T1078.004', 'T1530', 'T1496'],
		objectives: ['detect', 'rotate', 'scope']
	}
];

const TEAM_NAMES = ['Red', 'Blue', 'Green', 'SOC', 'IT Ops', 'Legal', 'Exec', 'Night shift'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dana', 'Eve', 'Farid', 'Gita', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Ali', 'Berg', 'Costa', 'Diaz', 'Engel', 'Fox', 'Gray', 'Holm', 'Ito', 'Jain'];
const FACILITATORS = ['f-1', 'f-2', 'f-3', 'f-4', 'f-5'];
const DAY_MS = 86_400_000;
/** 2026-01-01T00:00:00Z: the newest synthetic session ends before it. */
const SYNTHETIC_END = Date.UTC(2026, 0, 1);

function score(random: () => number, reachable: number): PhaseScore {
	const earned = Math.round(random() * reachable);
	return { earned, reachable, percent: Math.round((1000 * earned) / reachable) / 10 };
}

/** `n` ended sessions over the three years before SYNTHETIC_END, oldest first. */
export function syntheticSummaries(n: number, seed = 1): SessionSummary[] {
	const random = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const span = 3 * 365 * DAY_MS;
	const out: SessionSummary[] = [];
	for (let i = 0; i < n; i++) {
		const scenario = pick(SYNTHETIC_SCENARIOS);
		const endedAt = SYNTHETIC_END - span + Math.floor(((i + random()) / n) * span);
		const teamCount = 1 + Math.floor(random() * 3);
		const start = Math.floor(random() * TEAM_NAMES.length);
		const teams: TeamSummary[] = [];
		const trainees: SessionSummary['trainees'] = [];
		for (let k = 0; k < teamCount; k++) {
			const name = TEAM_NAMES[(start + k) % TEAM_NAMES.length];
			const id = name.toLowerCase().replace(/\s+/g, '-');
			const phases: Record<string, PhaseScore> = {};
			let earned = 0;
			let reachable = 0;
			for (const p of scenario.phases) {
				phases[p.id] = score(random, 10 + Math.floor(random() * 30));
				earned += phases[p.id].earned;
				reachable += phases[p.id].reachable;
			}
			const members = 2 + Math.floor(random() * 4);
			for (let m = 0; m < members; m++) {
				trainees.push({
					participantId: `p${i}-${k}-${m}`,
					name: `${pick(FIRST)} ${pick(LAST)}`,
					teamId: id,
					role: 'analyst',
					percent: Math.round(random() * 1000) / 10
				});
			}
			const identified = random() < 0.85;
			const contained = identified && random() < 0.7;
			teams.push({
				id,
				name,
				members,
				phases,
				total: { earned, reachable, percent: Math.round((1000 * earned) / reachable) / 10 },
				timeToIdentifyMs: identified ? Math.floor(random() * 90) * 60_000 : null,
				timeToContainMs: contained ? Math.floor(90 + random() * 120) * 60_000 : null,
				endingId: 'end',
				outcome: pick(['good', 'mixed', 'bad'] as const),
				timeouts: Math.floor(random() * 3),
				participation: Math.round(random() * 100) / 100,
				stagesFired: []
			});
		}
		const room: Record<string, number | null> = {};
		for (const p of scenario.phases) {
			room[p.id] =
				Math.round((100 * teams.reduce((a, t) => a + t.phases[p.id].percent!, 0)) / teams.length) /
				100;
		}
		const techniques: SessionSummary['techniques'] = {};
		for (const technique of scenario.techniques) {
			techniques[technique] = {};
			for (const t of teams) {
				if (random() < 0.6) {
					const reachable = 5 + Math.floor(random() * 20);
					techniques[technique][t.id] = { earned: Math.round(random() * reachable), reachable };
				}
			}
		}
		out.push({
			scoringVersion: SCORING_VERSION,
			sessionId: `s${String(i).padStart(6, '0')}`,
			title: `${scenario.title} #${i}`,
			scenarioId: scenario.id,
			scenarioTitle: scenario.title,
			scenarioHash: 'synthetic',
			facilitatorId: pick(FACILITATORS),
			createdAt: endedAt - 3 * 3600_000,
			startedAt: endedAt - 2 * 3600_000,
			endedAt,
			phases: scenario.phases,
			teams,
			room,
			objectives: scenario.objectives.map((id) => {
				const byTeam: Record<string, Rating> = {};
				for (const t of teams)
					if (random() < 0.7) byTeam[t.id] = pick(['P', 'S', 'M', 'U'] as const);
				const ratings = Object.values(byTeam);
				return {
					id,
					title: id,
					phases: [scenario.phases[0].id],
					rating: ratings.length > 0 ? ratings[ratings.length - 1] : null,
					byTeam
				};
			}),
			techniques,
			trainees,
			planSections: ['playbook.containment']
		});
	}
	return out;
}

/** About one improvement item per session, in every state, some overdue. */
export function syntheticItems(summaries: readonly SessionSummary[], seed = 1): DashboardItem[] {
	const random = seededRandom(seed + 7919);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const sections = ['playbook.containment', 'comms.legal', 'roles.ic', null];
	const owners = ['Dana Diaz', 'Jon Jain', 'Ines Ito', ''];
	return summaries.map((s, i) => {
		const due = new Date((s.endedAt ?? s.createdAt) + (14 + Math.floor(random() * 60)) * DAY_MS);
		return {
			id: `i${String(i).padStart(6, '0')}`,
			sessionId: s.sessionId,
			issue: `Finding ${i}`,
			owner: pick(owners),
			dueDate: random() < 0.8 ? due.toISOString().slice(0, 10) : null,
			planSection: pick(sections),
			review: pick([
				'pending',
				'accepted',
				'accepted',
				'accepted',
				'deferred',
				'rejected'
			] as const),
			status: pick(['open', 'in-progress', 'done', 'verified'] as const)
		};
	});
}
