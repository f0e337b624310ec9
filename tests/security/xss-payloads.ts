/**
 * Well-known XSS payloads for Markdown renderers and HTML sanitizers (OWASP's filter evasion
 * cheat sheet, PortSwigger's XSS cheat sheet, the DOMPurify and marked issue trackers). Each one,
 * if it ever ran, sets `window.__xss` or opens a dialog; the journey asserts neither happens.
 */

/** One line each, so they can be joined into Markdown or used alone. */
export const PAYLOADS: string[] = [
	// Plain HTML
	'<script>window.__xss="script"</script>',
	'<img src=x onerror="window.__xss=\'img-onerror\'">',
	'<img src=x onerror=alert(1)//',
	'<svg onload="window.__xss=\'svg-onload\'">',
	'<svg><script>window.__xss="svg-script"</script></svg>',
	'<body onload="window.__xss=\'body\'">',
	'<details open ontoggle="window.__xss=\'details\'">x</details>',
	'<input autofocus onfocus="window.__xss=\'autofocus\'">',
	'<video><source onerror="window.__xss=\'video\'"></video>',
	'<iframe srcdoc="<script>parent.__xss=\'srcdoc\'</script>"></iframe>',
	'<iframe src="javascript:parent.__xss=\'iframe-js\'"></iframe>',
	'<object data="javascript:window.__xss=\'object\'"></object>',
	'<embed src="javascript:window.__xss=\'embed\'">',
	'<meta http-equiv="refresh" content="0;url=javascript:window.__xss=\'meta\'">',
	'<base href="javascript:window.__xss=\'base\'//">',
	'<form action="javascript:window.__xss=\'form\'"><button>go</button></form>',
	'<button formaction="javascript:window.__xss=\'formaction\'">x</button>',
	'<a href="javascript:window.__xss=\'a-js\'">a-js</a>',
	'<a href="jav&#x09;ascript:window.__xss=\'a-tab\'">a-tab</a>',
	'<a href="&#106;avascript:window.__xss=\'a-entity\'">a-entity</a>',
	'<a href="data:text/html,<script>alert(1)</script>">a-data</a>',
	'<div style="background:url(javascript:window.__xss=\'style\')">style</div>',
	'<style>@import "https://evil.example/x.css";</style>',
	'<marquee onstart="window.__xss=\'marquee\'">m</marquee>',
	'<svg><a xlink:href="javascript:window.__xss=\'xlink\'"><text x=1 y=9>x</text></a></svg>',
	'<math href="javascript:window.__xss=\'math\'">math</math>',
	'<svg><animate onbegin="window.__xss=\'animate\'" attributeName=x dur=1s>',
	'<template><img src=x onerror="window.__xss=\'template\'"></template>',
	'<x onclick="window.__xss=\'custom\'">custom element</x>',
	// Mutation XSS (markup that changes meaning when the sanitized HTML is parsed again)
	'<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss-math\'">',
	'<noscript><p title="</noscript><img src=x onerror=window.__xss=\'mxss-noscript\'>">',
	'<svg></p><style><a id="</style><img src=1 onerror=window.__xss=\'mxss-svg\'>">',
	'<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=window.__xss=\'mxss-form\' src=1>">',
	'<!--<img src="--><img src=x onerror=window.__xss=\'comment\'//">',
	"<![CDATA[><img src=x onerror=window.__xss='cdata'>]]>",
	'<img src="x` `<script>window.__xss=\'backtick\'</script>"` `>',
	// Entities
	"&lt;img src=x onerror=window.__xss='entity-lt'&gt;",
	"&#60;img src=x onerror=window.__xss='entity-num'&#62;",
	// Markdown links, images, reference definitions and autolinks
	"[md-js](javascript:window.__xss='md-link')",
	"[md-js-case](JaVaScRiPt:window.__xss='md-case')",
	"[md-js-angle](<javascript:window.__xss='md-angle'>)",
	"[md-js-space]( javascript:window.__xss='md-space')",
	"[md-entity](&#106;avascript:window.__xss='md-entity')",
	'[md-data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
	'[md-vbs](vbscript:msgbox(1))',
	'![md-img](x" onerror="window.__xss=\'md-img\')',
	"![md-img-js](javascript:window.__xss='md-img-js')",
	"[md-ref][evil]\n\n[evil]: javascript:window.__xss='md-ref'",
	"<javascript:window.__xss='autolink'>",
	'<https://example.org/"onmouseover="window.__xss=\'autolink-quote\'>',
	// Markdown and HTML mixed and nested
	'**<img src=x onerror="window.__xss=\'bold\'">**',
	'`<img src=x onerror="window.__xss=\'code\'">`',
	'> <script>window.__xss="quote"</script>',
	"- [list](javascript:window.__xss='list')",
	"<div>\n\n[inner](javascript:window.__xss='inner')\n\n</div>",
	'| a |\n|---|\n| <img src=x onerror="window.__xss=\'table\'"> |',
	'<a href="https://example.org" target="_blank">tabnab</a>',
	'</script><script>window.__xss="close-script"</script>',
	'"><img src=x onerror="window.__xss=\'attr-break\'">',
	"'-alert(1)-'",
	'${alert(1)}{{constructor.constructor("alert(1)")()}}'
];

/** All payloads as one Markdown document (blank lines between, so each is its own block). */
export const MARKDOWN = PAYLOADS.join('\n\n');

/** A short payload for fields limited to a few dozen characters (names, labels, titles). */
export const SHORT = '<img src=x onerror=alert(1)>';

/** Unicode that has fooled renderers and people: RTL override, zero-width, BOM, emoji. */
export const UNICODE = '\u202egnp.exe\u200b\u200d\ufeff 🧨';
