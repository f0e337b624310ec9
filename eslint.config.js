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
		// The engine, the reports over it and the shared formatters are pure: no clock, no
		// randomness, no platform (DESIGN.md).
		files: ['src/lib/engine/**/*.ts', 'src/lib/reports/**/*.ts', 'src/lib/format/**/*.ts'],
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
