/**
 * Markdown to safe HTML for everything people write: scenarios, plans, rationales,
 * observations. marked renders, DOMPurify (on jsdom) removes anything executable, and the result
 * is cached by source text, because the same scenario text is shown to every trainee.
 */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { Marked } from 'marked';

const { window } = new JSDOM('');
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

purify.addHook('afterSanitizeAttributes', (node) => {
	const el = node as Element;
	if (el.tagName === 'A') el.setAttribute('rel', 'noopener noreferrer nofollow');
	// Screen readers need an alt text; an empty one marks the image as decorative.
	if (el.tagName === 'IMG' && !el.hasAttribute('alt')) el.setAttribute('alt', '');
});

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE = {
	FORBID_TAGS: [
		'style',
		'form',
		'input',
		'button',
		'textarea',
		'select',
		'iframe',
		'object',
		'embed'
	],
	FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
	ALLOW_DATA_ATTR: false
};

const CACHE_LIMIT = 5000;
const cache = new Map<string, string>();

/** Sanitizes an HTML fragment. */
export function sanitizeHtml(html: string): string {
	return purify.sanitize(html, SANITIZE);
}

/** Renders Markdown to sanitized HTML, from the cache when the same text was seen before. */
export function renderMarkdown(source: string): string {
	const hit = cache.get(source);
	if (hit !== undefined) return hit;
	const html = sanitizeHtml(marked.parse(source) as string);
	if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
	cache.set(source, html);
	return html;
}
