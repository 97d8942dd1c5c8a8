// Bundles the core the way esbuild.js bundles the CLI and the server (CommonJS, web-tree-sitter's
// CommonJS build), into .bench-corpus/core.js, for the cold-start child and the worker threads.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_CACHE } from './corpus';

export const CORE_BUNDLE = path.join(CORPUS_CACHE, 'core.js');

export async function bundleCore(): Promise<string> {
	fs.mkdirSync(CORPUS_CACHE, { recursive: true });
	const entry = path.join(CORPUS_CACHE, 'core-entry.ts');
	const src = path.resolve(__dirname, '..', 'src', 'core');
	fs.writeFileSync(
		entry,
		[
			`export { analyzeText, DocumentAnalyzer, runRules } from ${JSON.stringify(path.join(src, 'analyze'))};`,
			`export { adapterFor, languageForPath } from ${JSON.stringify(path.join(src, 'languages', 'index'))};`,
			`export { createParser } from ${JSON.stringify(path.join(src, 'parser'))};`,
			`export { defaultConfig } from ${JSON.stringify(path.join(src, 'config'))};`,
		].join('\n'),
	);
	await esbuild.build({
		entryPoints: [entry],
		outfile: CORE_BUNDLE,
		bundle: true,
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
		plugins: [
			{
				name: 'web-tree-sitter-cjs',
				setup(build) {
					build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
				},
			},
		],
	});
	return CORE_BUNDLE;
}
