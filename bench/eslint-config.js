// The ESLint side of the comparison, shared by bench/run.ts and bench/eslint-worker.js:
// flat configs per extension and a rule that visits CallExpression and only counts.
'use strict';
const path = require('node:path');

const counter = { calls: 0 };

/** parserName: 'typescript-eslint' (every file, JS included) or 'espree' (JS only). */
function eslintConfigs(parserName) {
	const tsParser = require('@typescript-eslint/parser');
	const noop = {
		meta: { type: 'problem', schema: [] },
		create: () => ({
			CallExpression() {
				counter.calls++;
			},
		}),
	};
	const configs = new Map();
	for (const ext of ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']) {
		const isTs = /ts$/.test(ext);
		const sourceType = ext === '.cjs' ? 'commonjs' : 'module';
		const languageOptions =
			parserName === 'typescript-eslint'
				? { parser: tsParser, sourceType, parserOptions: { ecmaFeatures: { jsx: !isTs } } }
				: { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: true } } };
		configs.set(ext, [
			{
				files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
				languageOptions,
				plugins: { bench: { rules: { noop } } },
				rules: { 'bench/noop': 'error' },
			},
		]);
	}
	return configs;
}

// Flat config matches files under the working directory and ignores node_modules/ folders:
// name each file as if it were under bench-corpus/, with nested node_modules renamed.
function eslintFileName(relative) {
	return path.join(process.cwd(), 'bench-corpus', relative.replace(/node_modules/g, 'nm').replace(/[^\w./@-]/g, '_'));
}

module.exports = { counter, eslintConfigs, eslintFileName };
