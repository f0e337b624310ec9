/**
 * The scenario expression language: conditions (`hostIsolated and not visited(ransom-note)`)
 * and effects (`encryptedShares = encryptedShares + 3`). It is parsed into a small AST and
 * interpreted here; nothing is ever handed to JavaScript's evaluator, so a scenario file cannot
 * run code on the server.
 *
 * Time: a duration literal (`90s`, `10m`, `1h30m`) is a number of scenario milliseconds, the unit
 * of `elapsed(inject-id)` and `lockedAt(inject-id/decision-id)`, so `elapsed(report) < 10m` reads
 * as written. Chance: `roll('2d6')` is a number drawn by the session (recorded, replayable).
 */
import { parseDie } from './dice';

export type Value = boolean | number | string;
export type ValueType = 'boolean' | 'number' | 'string';

type BinaryOp = 'and' | 'or' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
type FunctionName = 'visited' | 'fired' | 'elapsed' | 'lockedAt' | 'roll';

/** `pos` is the offset of the node's first character in the source string. */
export type Expr =
	| { type: 'literal'; value: Value; pos: number; duration?: true }
	| { type: 'variable'; name: string; pos: number }
	| { type: 'not'; operand: Expr; pos: number }
	| { type: 'negate'; operand: Expr; pos: number }
	| { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
	| { type: 'call'; fn: FunctionName; arg: string; argPos: number; pos: number };

export interface Assignment {
	target: string;
	targetPos: number;
	value: Expr;
}

/** A problem in an expression, located by offset into its source string. */
export interface ExprError {
	message: string;
	offset: number;
}

type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ExprError };

type TokenKind = 'number' | 'string' | 'ident' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
interface Token {
	kind: TokenKind;
	text: string;
	pos: number;
	value?: Value;
	duration?: true;
}

/** A duration literal: hours, minutes, seconds in that order, each optional (`1h30m`, `90s`). */
const DURATION_LITERAL = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

const FUNCTIONS: readonly FunctionName[] = ['visited', 'fired', 'elapsed', 'lockedAt', 'roll'];
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);
const JS_OPERATORS: Record<string, string> = {
	'&&': "write 'and' instead of '&&'",
	'||': "write 'or' instead of '||'",
	'===': "write '==' instead of '==='",
	'!==': "write '!=' instead of '!=='"
};

class ExprSyntaxError extends Error {
	constructor(
		message: string,
		readonly offset: number
	) {
		super(message);
	}
}

function tokenize(src: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < src.length) {
		const ch = src[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		const start = i;
		const js = Object.keys(JS_OPERATORS).find((op) => src.startsWith(op, i));
		if (js) throw new ExprSyntaxError(JS_OPERATORS[js], i);
		if (/[0-9]/.test(ch)) {
			const word = /^[0-9][0-9.]*[A-Za-z0-9_.]*/.exec(src.slice(i))![0];
			const duration = DURATION_LITERAL.exec(word);
			if (duration && /[hms]$/.test(word)) {
				const [, h, m, sec] = duration;
				const ms = (Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(sec ?? 0)) * 1000;
				i += word.length;
				tokens.push({
					kind: 'number',
					text: word,
					pos: start,
					value: Math.round(ms),
					duration: true
				});
				continue;
			}
			const m = /^\d+(?:\.\d+)?/.exec(src.slice(i))!;
			if (m[0].length < word.length && /[A-Za-z_]/.test(src[i + m[0].length] ?? '')) {
				throw new ExprSyntaxError(
					`'${word}' is neither a number nor a duration: write durations as 90s, 10m or 1h30m, and dice in quotes, e.g. roll('2d6')`,
					start
				);
			}
			i += m[0].length;
			tokens.push({ kind: 'number', text: m[0], pos: start, value: Number(m[0]) });
			continue;
		}
		if (ch === '"' || ch === "'") {
			let text = '';
			i++;
			while (i < src.length && src[i] !== ch) {
				if (src[i] === '\\' && i + 1 < src.length) i++;
				text += src[i++];
			}
			if (i >= src.length) throw new ExprSyntaxError('unterminated string', start);
			i++;
			tokens.push({ kind: 'string', text: src.slice(start, i), pos: start, value: text });
			continue;
		}
		if (/[A-Za-z_]/.test(ch)) {
			// Hyphens may join words so that inject ids (`ransom-note`) read naturally inside
			// visited(); subtraction therefore needs spaces: `a - b`.
			const m = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/.exec(src.slice(i))!;
			i += m[0].length;
			tokens.push({ kind: 'ident', text: m[0], pos: start });
			continue;
		}
		const two = src.slice(i, i + 2);
		if (['==', '!=', '<=', '>=', '+=', '-='].includes(two)) {
			tokens.push({ kind: 'op', text: two, pos: start });
			i += 2;
			continue;
		}
		if ('<>+-*/='.includes(ch)) {
			tokens.push({ kind: 'op', text: ch, pos: start });
			i++;
			continue;
		}
		if (ch === '(' || ch === ')' || ch === ',') {
			tokens.push({
				kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma',
				text: ch,
				pos: start
			});
			i++;
			continue;
		}
		if (ch === '!') throw new ExprSyntaxError("write 'not' instead of '!'", i);
		throw new ExprSyntaxError(`unexpected character '${ch}'`, i);
	}
	tokens.push({ kind: 'end', text: '', pos: src.length });
	return tokens;
}

class Parser {
	private i = 0;
	constructor(private readonly tokens: Token[]) {}

	private peek(): Token {
		return this.tokens[this.i];
	}
	private next(): Token {
		return this.tokens[this.i++];
	}
	private isWord(word: string): boolean {
		const t = this.peek();
		return t.kind === 'ident' && t.text === word;
	}
	private isOp(...ops: string[]): boolean {
		const t = this.peek();
		return t.kind === 'op' && ops.includes(t.text);
	}

	expectEnd(): void {
		const t = this.peek();
		if (t.kind !== 'end') throw new ExprSyntaxError(`unexpected '${t.text}'`, t.pos);
	}

	assignment(): Assignment {
		const target = this.next();
		if (target.kind !== 'ident' || KEYWORDS.has(target.text)) {
			throw new ExprSyntaxError(
				'an effect starts with a variable name, e.g. "hostIsolated = true"',
				target.pos
			);
		}
		const op = this.next();
		if (op.kind !== 'op' || !['=', '+=', '-='].includes(op.text)) {
			throw new ExprSyntaxError("expected '=', '+=' or '-=' after the variable name", op.pos);
		}
		let value = this.expression();
		if (op.text !== '=') {
			const left: Expr = { type: 'variable', name: target.text, pos: target.pos };
			value = {
				type: 'binary',
				op: op.text === '+=' ? '+' : '-',
				left,
				right: value,
				pos: target.pos
			};
		}
		return { target: target.text, targetPos: target.pos, value };
	}

	expression(): Expr {
		return this.or();
	}

	private or(): Expr {
		let left = this.and();
		while (this.isWord('or')) {
			this.next();
			left = { type: 'binary', op: 'or', left, right: this.and(), pos: left.pos };
		}
		return left;
	}

	private and(): Expr {
		let left = this.not();
		while (this.isWord('and')) {
			this.next();
			left = { type: 'binary', op: 'and', left, right: this.not(), pos: left.pos };
		}
		return left;
	}

	private not(): Expr {
		if (this.isWord('not')) {
			const t = this.next();
			return { type: 'not', operand: this.not(), pos: t.pos };
		}
		return this.comparison();
	}

	private comparison(): Expr {
		const left = this.sum();
		if (this.isOp('==', '!=', '<', '<=', '>', '>=')) {
			const op = this.next().text as BinaryOp;
			const right = this.sum();
			if (this.isOp('==', '!=', '<', '<=', '>', '>=')) {
				throw new ExprSyntaxError(
					'comparisons cannot be chained; join them with and',
					this.peek().pos
				);
			}
			return { type: 'binary', op, left, right, pos: left.pos };
		}
		if (this.isOp('=')) {
			throw new ExprSyntaxError("use '==' to compare ('=' is only for effects)", this.peek().pos);
		}
		return left;
	}

	private sum(): Expr {
		let left = this.product();
		while (this.isOp('+', '-')) {
			const op = this.next().text as BinaryOp;
			left = { type: 'binary', op, left, right: this.product(), pos: left.pos };
		}
		return left;
	}

	private product(): Expr {
		let left = this.unary();
		while (this.isOp('*', '/')) {
			const op = this.next().text as BinaryOp;
			left = { type: 'binary', op, left, right: this.unary(), pos: left.pos };
		}
		return left;
	}

	private unary(): Expr {
		if (this.isOp('-')) {
			const t = this.next();
			return { type: 'negate', operand: this.unary(), pos: t.pos };
		}
		return this.primary();
	}

	private primary(): Expr {
		const t = this.next();
		switch (t.kind) {
			case 'number':
				return t.duration
					? { type: 'literal', value: t.value!, pos: t.pos, duration: true }
					: { type: 'literal', value: t.value!, pos: t.pos };
			case 'string':
				return { type: 'literal', value: t.value!, pos: t.pos };
			case 'lparen': {
				const inner = this.expression();
				const close = this.next();
				if (close.kind !== 'rparen') throw new ExprSyntaxError("expected ')'", close.pos);
				return inner;
			}
			case 'ident': {
				if (t.text === 'true' || t.text === 'false') {
					return { type: 'literal', value: t.text === 'true', pos: t.pos };
				}
				if (KEYWORDS.has(t.text)) throw new ExprSyntaxError(`unexpected '${t.text}'`, t.pos);
				if (this.peek().kind === 'lparen') return this.call(t);
				return { type: 'variable', name: t.text, pos: t.pos };
			}
			case 'end':
				throw new ExprSyntaxError('expression ends too early', t.pos);
			default:
				throw new ExprSyntaxError(`unexpected '${t.text}'`, t.pos);
		}
	}

	private call(name: Token): Expr {
		if (!FUNCTIONS.includes(name.text as FunctionName)) {
			throw new ExprSyntaxError(
				`unknown function '${name.text}' (known: ${FUNCTIONS.join(', ')})`,
				name.pos
			);
		}
		this.next();
		const arg = this.next();
		const example =
			name.text === 'roll'
				? "roll('d20')"
				: name.text === 'lockedAt'
					? 'lockedAt(alert/contain)'
					: `${name.text}(ransom-note)`;
		if (arg.kind !== 'ident' && arg.kind !== 'string') {
			throw new ExprSyntaxError(
				`${name.text}() takes ${name.text === 'roll' ? 'dice' : 'an id'}, e.g. ${example}`,
				arg.pos
			);
		}
		let argText = arg.kind === 'string' ? String(arg.value) : arg.text;
		// lockedAt(inject-id/decision-id): the slash joins two ids, written with or without quotes.
		if (name.text === 'lockedAt' && arg.kind === 'ident' && this.isOp('/')) {
			this.next();
			const second = this.next();
			if (second.kind !== 'ident')
				throw new ExprSyntaxError(
					`lockedAt() takes inject-id/decision-id, e.g. ${example}`,
					second.pos
				);
			argText = `${arg.text}/${second.text}`;
		}
		const close = this.next();
		if (close.kind !== 'rparen')
			throw new ExprSyntaxError(
				name.text === 'roll'
					? `roll() takes one die, e.g. ${example}`
					: `${name.text}() takes one id`,
				close.pos
			);
		return {
			type: 'call',
			fn: name.text as FunctionName,
			arg: argText,
			argPos: arg.pos,
			pos: name.pos
		};
	}
}

function run<T>(src: string, parse: (p: Parser) => T): ParseResult<T> {
	try {
		const parser = new Parser(tokenize(src));
		const value = parse(parser);
		parser.expectEnd();
		return { ok: true, value };
	} catch (e) {
		if (e instanceof ExprSyntaxError)
			return { ok: false, error: { message: e.message, offset: e.offset } };
		throw e;
	}
}

/** Parses a condition such as `a and not visited(x)`; never throws on bad input. */
export function parseExpression(src: string): ParseResult<Expr> {
	return run(src, (p) => p.expression());
}

/** Parses an effect such as `cost = cost + 5` (or `cost += 5`); never throws on bad input. */
export function parseAssignment(src: string): ParseResult<Assignment> {
	return run(src, (p) => p.assignment());
}

/** What an expression may refer to, for static checks. */
export interface ExprContext {
	variables: Record<string, ValueType>;
	injects: ReadonlySet<string>;
	stages: ReadonlySet<string>;
	/** Decisions as `inject-id/decision-id`, for lockedAt(); unchecked when absent. */
	decisions?: ReadonlySet<string>;
	/** Suggests a near name for an unknown id ("did you mean"). */
	closest?: (name: string, candidates: Iterable<string>) => string | undefined;
}

/** The message for `now`, which does not exist: time is measured from something that happened. */
const NO_NOW =
	"there is no 'now': write elapsed(inject-id) for the scenario time since an inject was released, or lockedAt(inject-id/decision-id) for when a decision closed";

function didYouMean(ctx: ExprContext, name: string, candidates: Iterable<string>): string {
	const near = ctx.closest?.(name, candidates);
	return near ? `; did you mean '${near}'?` : '';
}

/** True for calls that give a scenario time (ms): comparing them with a bare number is a slip. */
function isTime(e: Expr): boolean {
	return e.type === 'call' && (e.fn === 'elapsed' || e.fn === 'lockedAt');
}

/** Every call in an expression (for checks such as "no roll() here"). */
export function callsIn(expr: Expr): Extract<Expr, { type: 'call' }>[] {
	switch (expr.type) {
		case 'call':
			return [expr];
		case 'not':
		case 'negate':
			return callsIn(expr.operand);
		case 'binary':
			return [...callsIn(expr.left), ...callsIn(expr.right)];
		default:
			return [];
	}
}

/** True when evaluating the expression may roll dice. */
export function usesRoll(expr: Expr | undefined): boolean {
	return expr !== undefined && callsIn(expr).some((c) => c.fn === 'roll');
}

/** Infers the type of `expr`, collecting every reference and type error into `errors`. */
function typeOf(expr: Expr, ctx: ExprContext, errors: ExprError[]): ValueType | null {
	const want = (e: Expr, t: ValueType, what: string): void => {
		const got = typeOf(e, ctx, errors);
		if (got && got !== t)
			errors.push({ message: `${what} needs a ${t}, got a ${got}`, offset: e.pos });
	};
	switch (expr.type) {
		case 'literal':
			return typeof expr.value as ValueType;
		case 'variable': {
			const t = ctx.variables[expr.name];
			if (!t && expr.name === 'now') {
				errors.push({ message: NO_NOW, offset: expr.pos });
				return null;
			}
			if (!t) {
				const hint = expr.name.includes('-') ? ' (write a - b, with spaces, to subtract)' : '';
				errors.push({ message: `unknown variable '${expr.name}'${hint}`, offset: expr.pos });
				return null;
			}
			return t;
		}
		case 'not':
			want(expr.operand, 'boolean', "'not'");
			return 'boolean';
		case 'negate':
			want(expr.operand, 'number', "'-'");
			return 'number';
		case 'call': {
			if (expr.fn === 'roll') {
				if (!parseDie(expr.arg))
					errors.push({
						message: `roll(): '${expr.arg}' is not dice notation; write d20, 2d6 or d100 (1-10 dice of 2-100 sides)`,
						offset: expr.argPos
					});
				return 'number';
			}
			if (expr.fn === 'lockedAt') {
				if (!expr.arg.includes('/')) {
					const owners = [...(ctx.decisions ?? [])].filter((k) => k.endsWith(`/${expr.arg}`));
					const example = owners[0] ?? `inject-id/${expr.arg}`;
					errors.push({
						message: `lockedAt() takes inject-id/decision-id (decision ids are unique per inject only), e.g. lockedAt(${example})`,
						offset: expr.argPos
					});
				} else if (ctx.decisions && !ctx.decisions.has(expr.arg)) {
					errors.push({
						message: `lockedAt(): unknown decision '${expr.arg}'${didYouMean(ctx, expr.arg, ctx.decisions)}`,
						offset: expr.argPos
					});
				}
				return 'number';
			}
			const known = expr.fn === 'fired' ? ctx.stages : ctx.injects;
			if (!known.has(expr.arg)) {
				const what = expr.fn === 'fired' ? 'attacker stage' : 'inject';
				errors.push({
					message: `${expr.fn}(): unknown ${what} '${expr.arg}'${didYouMean(ctx, expr.arg, known)}`,
					offset: expr.argPos
				});
			}
			return expr.fn === 'elapsed' ? 'number' : 'boolean';
		}
		case 'binary': {
			const { op } = expr;
			if (op === 'and' || op === 'or') {
				want(expr.left, 'boolean', `'${op}'`);
				want(expr.right, 'boolean', `'${op}'`);
				return 'boolean';
			}
			if (op === '==' || op === '!=') {
				const l = typeOf(expr.left, ctx, errors);
				const r = typeOf(expr.right, ctx, errors);
				if (l && r && l !== r) {
					errors.push({ message: `cannot compare a ${l} with a ${r}`, offset: expr.pos });
				}
				return 'boolean';
			}
			if (op === '+') {
				const l = typeOf(expr.left, ctx, errors);
				const r = typeOf(expr.right, ctx, errors);
				if (l === 'string' && r === 'string') return 'string';
				if (l && l !== 'number')
					errors.push({ message: `'+' needs numbers, got a ${l}`, offset: expr.left.pos });
				if (r && r !== 'number')
					errors.push({ message: `'+' needs numbers, got a ${r}`, offset: expr.right.pos });
				return 'number';
			}
			want(expr.left, 'number', `'${op}'`);
			want(expr.right, 'number', `'${op}'`);
			const comparison = op === '<' || op === '<=' || op === '>' || op === '>=';
			for (const [time, other] of [
				[expr.left, expr.right],
				[expr.right, expr.left]
			]) {
				if (
					comparison &&
					isTime(time) &&
					other.type === 'literal' &&
					!other.duration &&
					other.value !== 0
				) {
					errors.push({
						message: `compare a time with a duration such as 10m or 90s (a bare ${other.value} would be milliseconds)`,
						offset: other.pos
					});
				}
			}
			return op === '-' || op === '*' || op === '/' ? 'number' : 'boolean';
		}
	}
}

/** Checks a condition: it must be boolean and refer only to known names. */
export function checkCondition(expr: Expr, ctx: ExprContext): ExprError[] {
	const errors: ExprError[] = [];
	const t = typeOf(expr, ctx, errors);
	if (t && t !== 'boolean')
		errors.push({ message: `a condition must be true or false, this is a ${t}`, offset: 0 });
	return errors;
}

/** Checks an effect: a known variable, assigned a value of its own type. */
export function checkAssignment(a: Assignment, ctx: ExprContext): ExprError[] {
	const errors: ExprError[] = [];
	const target = ctx.variables[a.target];
	if (!target) errors.push({ message: `unknown variable '${a.target}'`, offset: a.targetPos });
	const t = typeOf(a.value, ctx, errors);
	if (target && t && t !== target) {
		errors.push({
			message: `'${a.target}' is a ${target}; cannot assign a ${t}`,
			offset: a.value.pos
		});
	}
	return errors;
}

/** What an expression is evaluated against. */
export interface ExprEnv {
	vars: Readonly<Record<string, Value>>;
	visited(injectId: string): boolean;
	fired(stageId: string): boolean;
	/** Scenario ms since the inject was released; Infinity when it never was. */
	elapsed?(injectId: string): number;
	/** Scenario ms at which the decision (`inject-id/decision-id`) closed; Infinity while open. */
	lockedAt?(key: string): number;
	/** The total of a roll of `die` (dice notation); each call is a new roll. */
	roll?(die: string): number;
}

/**
 * Evaluates a type-checked expression. Division by zero gives 0 so that state stays plain JSON.
 */
export function evaluate(expr: Expr, env: ExprEnv): Value {
	switch (expr.type) {
		case 'literal':
			return expr.value;
		case 'variable':
			return env.vars[expr.name];
		case 'not':
			return !evaluate(expr.operand, env);
		case 'negate':
			return -Number(evaluate(expr.operand, env));
		case 'call':
			switch (expr.fn) {
				case 'visited':
					return env.visited(expr.arg);
				case 'fired':
					return env.fired(expr.arg);
				case 'elapsed':
					return env.elapsed?.(expr.arg) ?? Infinity;
				case 'lockedAt':
					return env.lockedAt?.(expr.arg) ?? Infinity;
				case 'roll':
					if (!env.roll) throw new Error(`roll('${expr.arg}') evaluated where no dice are kept`);
					return env.roll(expr.arg);
			}
			break;
		case 'binary': {
			if (expr.op === 'and')
				return Boolean(evaluate(expr.left, env)) && Boolean(evaluate(expr.right, env));
			if (expr.op === 'or')
				return Boolean(evaluate(expr.left, env)) || Boolean(evaluate(expr.right, env));
			const l = evaluate(expr.left, env);
			const r = evaluate(expr.right, env);
			switch (expr.op) {
				case '==':
					return l === r;
				case '!=':
					return l !== r;
				case '<':
					return l < r;
				case '<=':
					return l <= r;
				case '>':
					return l > r;
				case '>=':
					return l >= r;
				case '+':
					return typeof l === 'string' ? l + String(r) : Number(l) + Number(r);
				case '-':
					return Number(l) - Number(r);
				case '*':
					return Number(l) * Number(r);
				case '/':
					return Number(r) === 0 ? 0 : Number(l) / Number(r);
			}
		}
	}
}

/** Evaluates a condition; an absent condition holds. */
export function holds(expr: Expr | undefined, env: ExprEnv): boolean {
	return expr === undefined || evaluate(expr, env) === true;
}

/** Runs effects in order and returns the new variables; the input is not modified. */
export function applyEffects(effects: readonly Assignment[], env: ExprEnv): Record<string, Value> {
	const vars: Record<string, Value> = { ...env.vars };
	const scoped: ExprEnv = { ...env, vars };
	for (const effect of effects) vars[effect.target] = plainValue(evaluate(effect.value, scoped));
	return vars;
}

/**
 * State stays plain JSON: a number that is not finite (a time that never came, `elapsed(x)` of
 * an inject never released) is stored as the largest safe integer of its sign, NaN as 0.
 */
function plainValue(v: Value): Value {
	if (typeof v !== 'number' || Number.isFinite(v)) return v;
	if (Number.isNaN(v)) return 0;
	return v > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}
