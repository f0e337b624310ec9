import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** Platform and framework modules the pure layers must not import. */
const IMPURE = ['node:*', '$app/*', 'svelte', 'svelte/*'];
/** What lies outside the pure layers. */
const OUTSIDE_PURE = [
	'#lib/server/*',
	'#lib/components/*',
	'#lib/live/*',
	'#lib/trainee/*',
	'#lib/facilitator/*',
	'**/server/*'
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'bench/floor/build/',
			'bench/floor/.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'.tmp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		// A promise nobody awaits hides its failure (an answer "sent" that never was): every
		// promise is awaited, returned, or marked \`void\` where fire-and-forget is meant.
		files: ['**/*.ts', '**/*.svelte'],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig: { compilerOptions: { runes: true } }
			}
		}
	},
	{
		// The engine, the reports over it and shared formatting are pure: no clock, no randomness,
		// no platform (DESIGN.md), so replay gives the same state everywhere.
		files: ['src/lib/engine/**/*.ts', 'src/lib/reports/**/*.ts', 'src/lib/format/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [...IMPURE, ...OUTSIDE_PURE] }],
			'no-restricted-properties': [
				'error',
				{ object: 'Date', property: 'now', message: 'Time comes in as an argument.' },
				{ object: 'Math', property: 'random', message: 'Randomness comes in as an argument.' }
			]
		}
	},
	{
		// The engine depends on nothing but itself: not even on the reports built over it.
		files: ['src/lib/engine/**/*.ts'],
		ignores: ['**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [...IMPURE, ...OUTSIDE_PURE, '#lib/reports/*', '#lib/format/*', '**/reports/*']
				}
			]
		}
	},
	{
		// Browser code never reaches server modules (SvelteKit refuses at build; this says it
		// sooner). Types are erased from the bundle, so a component may name a server type.
		files: [
			'src/lib/trainee/**',
			'src/lib/facilitator/**',
			'src/lib/live/**',
			'src/lib/components/**',
			'src/lib/studio/**'
		],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [{ group: ['node:*', '#lib/server/*', '**/server/*'], allowTypeImports: true }]
				}
			]
		}
	},
	{
		// Server code outside the storage module sees storage through its interfaces only, so a
		// second implementation slots in without touching it (docs/architecture.md).
		// Specs and test support build real file stores over temporary folders (and PostgreSQL
		// stores over fresh schemas).
		files: ['src/lib/server/**/*.ts'],
		ignores: ['src/lib/server/storage/**', '**/*.spec.ts', '**/testing.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						'#lib/server/storage/file/*',
						'**/storage/file/*',
						'#lib/server/storage/pg/*',
						'**/storage/pg/*'
					]
				}
			]
		}
	},
	{
		// The server writes its lines through #lib/server/log.ts: JSON, with the request's id,
		// credentials redacted (docs/operations.md). A console call would bypass all three.
		files: [
			'src/lib/server/**/*.ts',
			'src/hooks.server.ts',
			'src/routes/**/+server.ts',
			'src/routes/**/*.server.ts'
		],
		ignores: ['**/*.spec.ts'],
		rules: { 'no-console': 'error' }
	},
	{
		// Routes are thin adapters over services: they never touch storage or files themselves.
		files: ['src/routes/**'],
		ignores: ['**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: ['node:fs', 'node:fs/*', '#lib/server/storage/*'] }
			]
		}
	}
);
