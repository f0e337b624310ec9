/**
 * The scenario expression language: conditions (`hostIsolated and not visited(ransom-note)`)
 * and effects (`encryptedShares = encryptedShares + 3`). It is parsed into a small AST and
 * interpreted here; nothing is ever handed to JavaScript's evaluator, so a scenario file cannot
 * run code on the server.
 */

export type Value = boolean | number | string;
export type ValueType = 'boolean' | 'number' | 'string';

type BinaryOp = 'and' | 'or' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
type FunctionName = 'visited' | 'fired';

/** `pos` is the offset of the node's first character in the source string. */
export type Expr =
	| { type: 'literal'; value: Value; pos: number }
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
}

const FUNCTIONS: readonly FunctionName[] = ['visited', 'fired'];
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
			const m = /^\d+(?:\.\d+)?/.exec(src.slice(i))!;
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
		if (arg.kind !== 'ident' && arg.kind !== 'string') {
			throw new ExprSyntaxError(
				`${name.text}() takes an id, e.g. ${name.text}(ransom-note)`,
				arg.pos
			);
		}
		const close = this.next();
		if (close.kind !== 'rparen')
			throw new ExprSyntaxError(`${name.text}() takes one id`, close.pos);
		const argText = arg.kind === 'string' ? String(arg.value) : arg.text;
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
			const known = expr.fn === 'visited' ? ctx.injects : ctx.stages;
			if (!known.has(expr.arg)) {
				const what = expr.fn === 'visited' ? 'inject' : 'attacker stage';
				errors.push({
					message: `${expr.fn}(): unknown ${what} '${expr.arg}'`,
					offset: expr.argPos
				});
			}
			return 'boolean';
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
			return expr.fn === 'visited' ? env.visited(expr.arg) : env.fired(expr.arg);
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
	const scoped: ExprEnv = { vars, visited: env.visited, fired: env.fired };
	for (const effect of effects) vars[effect.target] = evaluate(effect.value, scoped);
	return vars;
}
