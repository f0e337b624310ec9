import { describe, expect, it } from 'vitest';
import {
	applyEffects,
	checkAssignment,
	checkCondition,
	evaluate,
	parseAssignment,
	parseExpression,
	type ExprContext,
	type ExprEnv
} from './expr';

const ctx: ExprContext = {
	variables: { hostIsolated: 'boolean', spread: 'number', stage: 'string' },
	injects: new Set(['ransom-note', 'brief']),
	stages: new Set(['lateral'])
};

function env(vars: ExprEnv['vars'], visited: string[] = [], fired: string[] = []): ExprEnv {
	return { vars, visited: (id) => visited.includes(id), fired: (id) => fired.includes(id) };
}

function evalSrc(src: string, e: ExprEnv) {
	const r = parseExpression(src);
	if (!r.ok) throw new Error(r.error.message);
	expect(checkCondition(r.value, ctx)).toEqual([]);
	return evaluate(r.value, e);
}

describe('expression language', () => {
	it('evaluates and/or/not with the usual precedence', () => {
		const e = env({ hostIsolated: false, spread: 2, stage: 'exfil' });
		expect(evalSrc('not hostIsolated and spread > 1', e)).toBe(true);
		expect(evalSrc('hostIsolated or spread >= 2 and stage == "exfil"', e)).toBe(true);
		expect(evalSrc('(hostIsolated or spread >= 2) and stage != "exfil"', e)).toBe(false);
		expect(evalSrc('spread + 3 * 2 == 8', e)).toBe(true);
		expect(evalSrc('-spread < 0', e)).toBe(true);
	});

	it('asks the environment about visited injects and fired stages, ids with hyphens included', () => {
		expect(evalSrc('visited(ransom-note) and not fired(lateral)', env({}, ['ransom-note']))).toBe(
			true
		);
		expect(evalSrc('visited("ransom-note")', env({}))).toBe(false);
		expect(evalSrc('fired(lateral)', env({}, [], ['lateral']))).toBe(true);
	});

	it('runs effects in order, each seeing the one before, without touching its input', () => {
		const vars = { hostIsolated: false, spread: 1, stage: 'initial' };
		const effects = [
			'spread = spread + 2',
			'spread += 1',
			'hostIsolated = spread > 3',
			'stage = "contained"'
		].map((src) => {
			const r = parseAssignment(src);
			if (!r.ok) throw new Error(r.error.message);
			expect(checkAssignment(r.value, ctx)).toEqual([]);
			return r.value;
		});
		expect(applyEffects(effects, env(vars))).toEqual({
			hostIsolated: true,
			spread: 4,
			stage: 'contained'
		});
		expect(vars.spread).toBe(1);
	});

	it('gives division by zero a plain 0 rather than Infinity', () => {
		expect(evalSrc('spread / 0 == 0', env({ spread: 5 }))).toBe(true);
	});

	it.each([
		['a && b', "write 'and' instead of '&&'", 2],
		['a || b', "write 'or' instead of '||'", 2],
		['!a', "write 'not' instead of '!'", 0],
		['spread = 3', "use '==' to compare ('=' is only for effects)", 7],
		['spread > 1 > 0', 'comparisons cannot be chained; join them with and', 11],
		['(spread > 1', "expected ')'", 11],
		['spread >', 'expression ends too early', 8],
		['"open', 'unterminated string', 0],
		['spread # 2', "unexpected character '#'", 7],
		['eval(x)', "unknown function 'eval' (known: visited, fired, elapsed, lockedAt, roll)", 0],
		['visited(a, b)', 'visited() takes one id', 9],
		['process.exit()', "unexpected character '.'", 7]
	])('refuses %s with a located message', (src, message, offset) => {
		expect(parseExpression(src)).toEqual({ ok: false, error: { message, offset } });
	});

	it('type-checks conditions: unknown names and mismatched types, located', () => {
		const errors = (src: string) => {
			const r = parseExpression(src);
			if (!r.ok) throw new Error(r.error.message);
			return checkCondition(r.value, ctx);
		};
		expect(errors('isolated')).toEqual([{ message: "unknown variable 'isolated'", offset: 0 }]);
		expect(errors('spread-1 > 0')[0].message).toBe(
			"unknown variable 'spread-1' (write a - b, with spaces, to subtract)"
		);
		expect(errors('spread and hostIsolated')).toEqual([
			{ message: "'and' needs a boolean, got a number", offset: 0 }
		]);
		expect(errors('stage == 3')).toEqual([
			{ message: 'cannot compare a string with a number', offset: 0 }
		]);
		expect(errors('spread + 1')).toEqual([
			{ message: 'a condition must be true or false, this is a number', offset: 0 }
		]);
		expect(errors('visited(nowhere)')).toEqual([
			{ message: "visited(): unknown inject 'nowhere'", offset: 8 }
		]);
		expect(errors('fired(brief)')).toEqual([
			{ message: "fired(): unknown attacker stage 'brief'", offset: 6 }
		]);
	});

	it('type-checks effects against the variable they assign', () => {
		const check = (src: string) => {
			const r = parseAssignment(src);
			if (!r.ok) return [r.error];
			return checkAssignment(r.value, ctx);
		};
		expect(check('hostIsolated = 1')).toEqual([
			{ message: "'hostIsolated' is a boolean; cannot assign a number", offset: 15 }
		]);
		expect(check('nope = true')).toEqual([{ message: "unknown variable 'nope'", offset: 0 }]);
		expect(check('true = spread')[0].message).toMatch(/starts with a variable name/);
		expect(check('spread == 2')[0].message).toBe(
			"expected '=', '+=' or '-=' after the variable name"
		);
	});

	describe('time', () => {
		const timeCtx: ExprContext = {
			...ctx,
			decisions: new Set(['brief/ready', 'ransom-note/pay']),
			closest: (name, candidates) => [...candidates].find((c) => c[0] === name[0])
		};
		const errors = (src: string) => {
			const r = parseExpression(src);
			if (!r.ok) return [r.error];
			return checkCondition(r.value, timeCtx);
		};
		const timeEnv: ExprEnv = {
			...env({ spread: 1 }),
			elapsed: (id) => (id === 'brief' ? 7 * 60_000 : Infinity),
			lockedAt: (key) => (key === 'brief/ready' ? 12 * 60_000 : Infinity)
		};
		const run = (src: string) => {
			const r = parseExpression(src);
			if (!r.ok) throw new Error(r.error.message);
			expect(checkCondition(r.value, timeCtx)).toEqual([]);
			return evaluate(r.value, timeEnv);
		};

		it('reads duration literals as scenario milliseconds', () => {
			expect(run('90s == 90000')).toBe(true);
			expect(run('10m == 600000')).toBe(true);
			expect(run('1h30m == 90m')).toBe(true);
			expect(run('1.5h == 90m')).toBe(true);
		});

		it('compares elapsed() and lockedAt() with durations', () => {
			expect(run('elapsed(brief) < 10m')).toBe(true);
			expect(run('elapsed(brief) < 5m')).toBe(false);
			expect(run('lockedAt(brief/ready) <= 12m')).toBe(true);
			expect(run("lockedAt('brief/ready') - elapsed(brief) == 5m")).toBe(true);
		});

		it('treats a time that never came as infinitely far: < is false, > is true', () => {
			expect(run('elapsed(ransom-note) < 10m')).toBe(false);
			expect(run('elapsed(ransom-note) > 10m')).toBe(true);
			expect(run('lockedAt(ransom-note/pay) < 1h')).toBe(false);
		});

		it('has no now, and says what to write instead, once', () => {
			const found = errors('now < 10m');
			expect(found).toHaveLength(1);
			expect(found[0].message).toMatch(/there is no 'now': write elapsed\(inject-id\)/);
			expect(found[0].message).toMatch(/lockedAt\(inject-id\/decision-id\)/);
		});

		it('checks the ids time functions name, with a hint', () => {
			expect(errors('elapsed(bref) < 1m')).toEqual([
				{ message: "elapsed(): unknown inject 'bref'; did you mean 'brief'?", offset: 8 }
			]);
			expect(errors('lockedAt(brief/redy) < 1m')[0].message).toBe(
				"lockedAt(): unknown decision 'brief/redy'; did you mean 'brief/ready'?"
			);
			expect(errors('lockedAt(ready) < 1m')[0].message).toBe(
				'lockedAt() takes inject-id/decision-id (decision ids are unique per inject only), e.g. lockedAt(brief/ready)'
			);
		});

		it('refuses a time compared with a bare number, and durations with unknown units', () => {
			expect(errors('elapsed(brief) < 10')[0].message).toMatch(
				/compare a time with a duration such as 10m/
			);
			expect(errors('elapsed(brief) > 0')).toEqual([]);
			expect(errors('elapsed(brief) < 10ms')[0].message).toMatch(/neither a number nor a duration/);
		});

		it('types time functions as numbers', () => {
			expect(errors('elapsed(brief)')[0].message).toBe(
				'a condition must be true or false, this is a number'
			);
			expect(errors('elapsed(brief) and hostIsolated')[0].message).toBe(
				"'and' needs a boolean, got a number"
			);
		});

		it('stores a time that never came as a plain number in an effect', () => {
			const r = parseAssignment('spread = elapsed(ransom-note)');
			if (!r.ok) throw new Error(r.error.message);
			expect(applyEffects([r.value], timeEnv).spread).toBe(Number.MAX_SAFE_INTEGER);
		});
	});

	describe('chance', () => {
		const errors = (src: string) => {
			const r = parseExpression(src);
			if (!r.ok) return [r.error];
			return checkCondition(r.value, ctx);
		};

		it('rolls through the environment, each call a new roll', () => {
			const seen: string[] = [];
			const values = [3, 15];
			const e: ExprEnv = {
				...env({ spread: 2 }),
				roll: (die) => {
					seen.push(die);
					return values.shift()!;
				}
			};
			const r = parseExpression("roll('d20') + spread >= 12 or roll('2d6') > 10");
			if (!r.ok) throw new Error(r.error.message);
			expect(checkCondition(r.value, ctx)).toEqual([]);
			expect(evaluate(r.value, e)).toBe(true);
			expect(seen).toEqual(['d20', '2d6']);
		});

		it('checks dice notation', () => {
			expect(errors("roll('d20') > 10")).toEqual([]);
			expect(errors("roll('d100') > 10")).toEqual([]);
			expect(errors("roll('20') > 10")[0].message).toMatch(/'20' is not dice notation/);
			expect(errors("roll('d1') > 10")[0].message).toMatch(/not dice notation/);
			expect(errors('roll(2d6) > 1')[0].message).toMatch(/dice in quotes/);
			expect(errors("roll('d20')")[0].message).toBe(
				'a condition must be true or false, this is a number'
			);
		});
	});
});
