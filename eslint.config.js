import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/', '.tmp/'] },
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
		// The engine and the reports over it are pure: no clock, no randomness, no platform (DESIGN.md).
		files: ['src/lib/engine/**/*.ts', 'src/lib/reports/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: ['node:*', '$app/*', 'svelte', 'svelte/*', '#lib/server/*'] }
			],
			'no-restricted-properties': [
				'error',
				{ object: 'Date', property: 'now', message: 'Time comes in as an argument.' },
				{ object: 'Math', property: 'random', message: 'Randomness comes in as an argument.' }
			]
		}
	}
);
