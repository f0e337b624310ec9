/**
 * The studio's source view: CodeMirror 6 over the draft's YAML, with the checker's problems in
 * the gutter, completion of keys (from the JSON Schema) and of ids (from the document), hover
 * docs for keys and go-to-definition for ids (F12, or Ctrl/Cmd-click). Loaded only by the studio's
 * editor page (a dynamic import), so no other page downloads CodeMirror.
 */
import {
	autocompletion,
	closeBrackets,
	completionKeymap,
	type CompletionContext,
	type CompletionResult
} from '@codemirror/autocomplete';
import {
	defaultKeymap,
	history,
	historyKeymap,
	indentWithTab,
	isolateHistory,
	redo,
	redoDepth,
	undo,
	undoDepth
} from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import {
	bracketMatching,
	defaultHighlightStyle,
	foldGutter,
	indentOnInput,
	syntaxHighlighting
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import {
	drawSelection,
	EditorView,
	highlightActiveLine,
	highlightActiveLineGutter,
	hoverTooltip,
	keymap,
	lineNumbers
} from '@codemirror/view';
import type { Located } from '#lib/engine/scenario/load.js';
import schemaJson from '../../../static/scenario.schema.json';
import { collectIds, definitionAt, idChoices, idKindsFor, wordAt, type IdDefinition } from './ids';
import { containerPath, keyDoc, keysAt, valueKeyAt, type SchemaNode } from './schema-help';
import { changedSpan } from './structure-edits';

const schema = schemaJson as unknown as SchemaNode;

/** The ids of the latest text, parsed once per text rather than once per keystroke's request. */
let idCache: { text: string; ids: IdDefinition[] } | null = null;
function idsOf(text: string): IdDefinition[] {
	if (idCache?.text !== text) idCache = { text, ids: collectIds(text) };
	return idCache.ids;
}

function lines(doc: Text): string[] {
	return doc.toString().split('\n');
}

/** Completion: ids where a key's value names one, else the keys the schema allows there. */
function complete(ctx: CompletionContext): CompletionResult | null {
	const line = ctx.state.doc.lineAt(ctx.pos);
	const column = ctx.pos - line.from;
	const before = line.text.slice(0, column);
	const all = lines(ctx.state.doc);
	const valueKey = valueKeyAt(all, line.number - 1, column);
	if (valueKey) {
		const word = ctx.matchBefore(/[\w.-]*/);
		const kinds = idKindsFor(valueKey);
		if (!kinds.length || (!word?.text && !ctx.explicit)) return null;
		const options = idChoices(idsOf(ctx.state.doc.toString()), kinds).map((c) => ({
			label: c.id,
			type: 'variable',
			detail: c.kind,
			info: c.context
		}));
		return { from: word?.from ?? ctx.pos, options, validFor: /^[\w.-]*$/ };
	}
	const key = /^([ ]*(?:-[ ]+)*)([\w$-]*)$/.exec(before);
	if (!key || (!key[2] && !ctx.explicit)) return null;
	const path = containerPath(all, line.number - 1, column - key[2].length);
	const options = keysAt(schema, path).map((k) => ({
		label: k.key,
		apply: `${k.key}: `,
		type: 'property',
		detail: `${k.required ? 'required · ' : ''}${k.type}`,
		info: k.description ?? undefined,
		boost: k.required ? 1 : 0
	}));
	return { from: ctx.pos - key[2].length, options, validFor: /^[\w$-]*$/ };
}

/** Hover: a key's description and type from the schema; an id's definition. */
const hover = hoverTooltip((view, pos) => {
	const doc = view.state.doc;
	const line = doc.lineAt(pos);
	const text = doc.toString();
	const word = wordAt(text, pos);
	if (!word || word.from < line.from || word.to > line.to) return null;
	const after = line.text.slice(word.to - line.from);
	const isKey =
		/^\s*:(\s|$)/.test(after) && /^[ ]*(?:-[ ]+)*$/.test(line.text.slice(0, word.from - line.from));
	let title: string;
	let body: string | null;
	if (isKey) {
		const path = containerPath(lines(doc), line.number - 1, word.from - line.from);
		const info = keyDoc(schema, path, word.word);
		if (!info) return null;
		title = `${info.key}: ${info.type}${info.required ? ' (required)' : ''}`;
		body = info.description;
	} else {
		const def = idsOf(text).find((d) => d.id === word.word);
		if (!def) return null;
		title = def.context;
		body = `defined at line ${doc.lineAt(def.from).number}; F12 or Ctrl/Cmd-click goes there`;
	}
	return {
		pos: word.from,
		end: word.to,
		above: true,
		create: () => {
			const dom = document.createElement('div');
			dom.className = 'studio-hover';
			const strong = document.createElement('strong');
			strong.textContent = title;
			dom.append(strong);
			if (body) {
				const p = document.createElement('p');
				p.textContent = body;
				dom.append(p);
			}
			return { dom };
		}
	};
});

/** Moves the selection to the definition of the id at `pos`; false when there is none. */
function goToDefinition(view: EditorView, pos: number): boolean {
	const doc = view.state.doc;
	const line = doc.lineAt(pos);
	const key = valueKeyAt(lines(doc), line.number - 1, pos - line.from);
	const text = doc.toString();
	const def = definitionAt(text, pos, key, idsOf(text));
	if (!def) return false;
	view.dispatch({
		selection: { anchor: def.from, head: def.to },
		effects: EditorView.scrollIntoView(def.from, { y: 'center' })
	});
	view.focus();
	return true;
}

/** A checker problem as a diagnostic over the word it points at. */
export function toDiagnostic(doc: Text, p: Located, severity: 'error' | 'warning'): Diagnostic {
	const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
	const from = line.from + Math.min(Math.max(p.column - 1, 0), line.length);
	const rest = doc.sliceString(from, line.to);
	const word = /^[^\s,:\]}]+/.exec(rest)?.[0].length ?? 0;
	const to = word ? from + word : rest.length ? line.to : from;
	return { from, to, severity, message: `${p.line}:${p.column}: ${p.message}`, source: 'checker' };
}

export interface StudioEditor {
	view: EditorView;
	text(): string;
	/** Replaces the whole text (loading someone else's version). */
	setText(text: string): void;
	showProblems(errors: Located[], warnings: Located[]): void;
	/** Puts the cursor at a 1-based line and column and scrolls there. */
	goTo(line: number, column: number): void;
	/** The cursor's offset in the text. */
	cursor(): number;
	/**
	 * Inserts `text` at offset `pos` (replacing up to `to`, when given) as one undoable edit, puts
	 * the cursor at its start and scrolls there.
	 */
	insertAt(pos: number, text: string, to?: number): void;
	/**
	 * Replaces the text with `text` as one undoable step (only the changed span is replaced, so
	 * the cursor and the rest of the history stay): how the structure view's forms edit.
	 */
	apply(text: string): void;
	/** Undoes or redoes the latest step, typed or applied; false when there is none. */
	undo(): boolean;
	redo(): boolean;
	/** How many steps can be undone and redone. */
	depth(): { undo: number; redo: number };
	destroy(): void;
}

/** Mounts the editor in `parent` with `doc`; `onChange` gets the text after every edit. */
export function createStudioEditor(
	parent: HTMLElement,
	doc: string,
	onChange: (text: string) => void,
	label: string
): StudioEditor {
	const view = new EditorView({
		parent,
		state: EditorState.create({
			doc,
			extensions: [
				lineNumbers(),
				highlightActiveLineGutter(),
				foldGutter(),
				lintGutter(),
				history(),
				drawSelection(),
				indentOnInput(),
				bracketMatching(),
				closeBrackets(),
				highlightActiveLine(),
				syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
				yaml(),
				EditorState.tabSize.of(2),
				autocompletion({ override: [complete] }),
				hover,
				keymap.of([
					{ key: 'F12', run: (v) => goToDefinition(v, v.state.selection.main.head) },
					...completionKeymap,
					...defaultKeymap,
					...historyKeymap,
					...lintKeymap,
					indentWithTab
				]),
				EditorView.domEventHandlers({
					mousedown(event, v) {
						if (!(event.ctrlKey || event.metaKey)) return false;
						const pos = v.posAtCoords({ x: event.clientX, y: event.clientY });
						return pos !== null && goToDefinition(v, pos);
					}
				}),
				EditorView.contentAttributes.of({ 'aria-label': label }),
				EditorView.updateListener.of((update) => {
					if (update.docChanged) onChange(update.state.doc.toString());
				})
			]
		})
	});
	return {
		view,
		text: () => view.state.doc.toString(),
		setText(text) {
			view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
		},
		showProblems(errors, warnings) {
			const d = view.state.doc;
			view.dispatch(
				setDiagnostics(view.state, [
					...errors.map((e) => toDiagnostic(d, e, 'error')),
					...warnings.map((w) => toDiagnostic(d, w, 'warning'))
				])
			);
		},
		goTo(line, column) {
			const d = view.state.doc;
			const l = d.line(Math.min(Math.max(line, 1), d.lines));
			const pos = l.from + Math.min(Math.max(column - 1, 0), l.length);
			view.dispatch({
				selection: { anchor: pos },
				effects: EditorView.scrollIntoView(pos, { y: 'center' })
			});
			view.focus();
		},
		cursor: () => view.state.selection.main.head,
		insertAt(pos, text, to = pos) {
			const length = view.state.doc.length;
			const from = Math.min(Math.max(pos, 0), length);
			const end = Math.min(Math.max(to, from), length);
			view.dispatch({
				changes: { from, to: end, insert: text },
				selection: { anchor: from },
				effects: EditorView.scrollIntoView(from, { y: 'start' }),
				userEvent: 'input.paste'
			});
			view.focus();
		},
		apply(text) {
			const change = changedSpan(view.state.doc.toString(), text);
			if (!change) return;
			view.dispatch({
				changes: change,
				annotations: isolateHistory.of('full'),
				userEvent: 'input.structure',
				scrollIntoView: true
			});
		},
		undo: () => undo(view),
		redo: () => redo(view),
		depth: () => ({ undo: undoDepth(view.state), redo: redoDepth(view.state) }),
		destroy: () => view.destroy()
	};
}
