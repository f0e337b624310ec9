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
		['eval(x)', "unknown function 'eval' (known: visited, fired)", 0],
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
});
