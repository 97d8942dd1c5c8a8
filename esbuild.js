// Bundles each entry point on its own: the CLI, the language server and the extension
// client (node, CommonJS), and copies the tree-sitter .wasm files beside them.
// Flags: --production (minified, no source maps), --watch.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const ENTRIES = [
	{ in: 'src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
	{ in: 'src/server/server.ts', out: 'server' },
	{ in: 'src/client/extension.ts', out: 'extension' },
].filter((entry) => fs.existsSync(entry.in));

function copyGrammars() {
	const dir = path.join(__dirname, 'dist', 'grammars');
	fs.mkdirSync(dir, { recursive: true });
	const grammars = {
		'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
		'tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
		'tree-sitter-typescript.wasm': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
		'tree-sitter-tsx.wasm': 'tree-sitter-typescript/tree-sitter-tsx.wasm',
		'tree-sitter-python.wasm': 'tree-sitter-python/tree-sitter-python.wasm',
		'tree-sitter-go.wasm': 'tree-sitter-go/tree-sitter-go.wasm',
		'tree-sitter-java.wasm': 'tree-sitter-java/tree-sitter-java.wasm',
		'tree-sitter-c_sharp.wasm': 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
	};
	for (const [file, from] of Object.entries(grammars)) {
		const source = require.resolve(from);
		const target = path.join(dir, file);
		const stale = !fs.existsSync(target) || fs.statSync(target).size !== fs.statSync(source).size;
		if (stale) fs.copyFileSync(source, target);
	}
}

// web-tree-sitter's ES module build reads `import.meta.url`, which a CommonJS bundle
// leaves undefined (the parser then fails to load); bundle its CommonJS build instead.
const webTreeSitterCjs = {
	name: 'web-tree-sitter-cjs',
	setup(build) {
		build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
	},
};

async function main() {
	copyGrammars();
	const contexts = await Promise.all(
		ENTRIES.map((entry) =>
			esbuild.context({
				entryPoints: { [entry.out]: entry.in },
				bundle: true,
				format: 'cjs',
				platform: 'node',
				target: 'node20',
				outdir: 'dist',
				minify: production,
				sourcemap: !production,
				sourcesContent: false,
				external: ['vscode'],
				banner: entry.banner ? { js: entry.banner } : undefined,
				logLevel: 'warning',
				plugins: [webTreeSitterCjs],
			}),
		),
	);
	if (watch) {
		await Promise.all(contexts.map((context) => context.watch()));
		return;
	}
	await Promise.all(contexts.map((context) => context.rebuild()));
	await Promise.all(contexts.map((context) => context.dispose()));
	const cli = path.join(__dirname, 'dist', 'cli.js');
	if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
