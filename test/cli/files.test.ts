import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../src/core/config';
import { collectFiles, PathError } from '../../src/workspace/files';
import { CLEAN_FETCH, cli, type Workspace, workspace } from './helpers';

/** Relative, `/`-separated paths of what `collectFiles` returns. */
async function collect(ws: Workspace, paths: string[], config = defaultConfig()) {
	const result = await collectFiles(paths, config, { cwd: ws.root });
	const rel = (file: string) => path.relative(ws.root, file).split(path.sep).join('/');
	return {
		files: result.files.map((file) => rel(file.path)),
		skipped: result.skipped.map((file) => `${rel(file.path)}:${file.reason}`),
	};
}

describe('cli: collectFiles (the walker)', () => {
	let ws: Workspace | undefined;
	afterEach(() => {
		ws?.remove();
		ws = undefined;
	});

	it('walks folders in path order and keeps only served languages', async () => {
		ws = workspace({ 'src/b.ts': '', 'src/a.js': '', 'src/z/c.py': '', 'src/readme.md': '', 'src/types.d.ts': '', 'src/App.tsx': '', 'main.mjs': '' });
		assert.deepEqual((await collect(ws, ['.'])).files, ['main.mjs', 'src/App.tsx', 'src/a.js', 'src/b.ts', 'src/z/c.py']);
	});

	it('skips dependency, VCS and build-output folders while walking, but not when named', async () => {
		const dirs = ['node_modules/pkg', '.git', 'dist', 'build', 'out', 'coverage', '.next', 'vendor', '__pycache__', '.venv', 'venv', 'target', 'bin', 'obj'];
		const files: Record<string, string> = { 'src/app.js': '' };
		for (const dir of dirs) files[`${dir}/x.js`] = '';
		files['src/node_modules/lib/index.js'] = '';
		ws = workspace(files);
		assert.deepEqual((await collect(ws, ['.'])).files, ['src/app.js']);
		assert.deepEqual((await collect(ws, ['dist'])).files, ['dist/x.js']);
	});

	it('honours .gitignore files, nested ones and those above the folder up to the repository root', async () => {
		ws = workspace({
			'.git/HEAD': 'ref: refs/heads/main\n',
			'.gitignore': 'generated/\n*.gen.js\n!keep.gen.js\n',
			'app/.gitignore': 'local-*.js\n',
			'app/main.js': '',
			'app/local-dev.js': '',
			'app/api.gen.js': '',
			'app/keep.gen.js': '',
			'app/generated/client.js': '',
			'lib/local-dev.js': '',
		});
		assert.deepEqual((await collect(ws, ['.'])).files, ['app/keep.gen.js', 'app/main.js', 'lib/local-dev.js']);
		// Walking a subfolder still applies the repository's root .gitignore.
		assert.deepEqual((await collect(ws, ['app'])).files, ['app/keep.gen.js', 'app/main.js']);
		// A file named explicitly is checked even when .gitignore lists it.
		assert.deepEqual((await collect(ws, ['app/api.gen.js'])).files, ['app/api.gen.js']);
		const off = await collectFiles(['.'], defaultConfig(), { cwd: ws.root, gitignore: false });
		assert.equal(off.files.length, 6);
	});

	it('does not read .gitignore files above the folder outside a repository', async () => {
		ws = workspace({ '.gitignore': 'app/\n', 'app/main.js': '' });
		assert.deepEqual((await collect(ws, ['app'])).files, ['app/main.js']);
	});

	it("honours the config's ignore globs relative to the config file, for folders and named files", async () => {
		ws = workspace({ 'src/a.js': '', 'src/a.test.js': '', 'src/legacy/old.js': '', 'scripts/build.js': '' }, JSON.stringify({ ignore: ['**/*.test.js', 'src/legacy/**'] }));
		const r = await cli(['check', '--format', 'json'], ws.root);
		assert.equal(r.code, 0, r.out + r.err);
		assert.deepEqual(JSON.parse(r.out), []);
		const sub = await cli(['check', '../src/a.test.js'], path.join(ws.root, 'scripts'));
		assert.match(sub.out, /1 file skipped: 1 ignored by \.http-guard\.json/);
		const all = await collectFiles(['.'], { ...defaultConfig(), ignore: ['**/*.test.js', 'src/legacy/**'], root: ws.root }, { cwd: ws.root });
		assert.deepEqual(all.files.map((f) => path.relative(ws!.root, f.path)).sort(), ['scripts/build.js', path.join('src', 'a.js')].sort());
	});

	it('reports files over the size limit without reading them, and an explicit unsupported file', async () => {
		ws = workspace({ 'big.js': 'x'.repeat(2000), 'small.js': CLEAN_FETCH, 'notes.txt': '' });
		const r = await collect(ws, ['.', 'notes.txt'], { ...defaultConfig(), maxFileSize: 1000 });
		assert.deepEqual(r.files, ['small.js']);
		assert.deepEqual(r.skipped, ['big.js:too-large', 'notes.txt:unsupported-language']);
	});

	it('lists a file named twice once', async () => {
		ws = workspace({ 'a.js': '' });
		assert.deepEqual((await collect(ws, ['a.js', '.', './a.js'])).files, ['a.js']);
	});

	it('throws PathError naming the path as given', async () => {
		ws = workspace();
		await assert.rejects(collectFiles(['missing.js'], defaultConfig(), { cwd: ws.root }), (error: Error) => {
			assert.ok(error instanceof PathError);
			assert.equal(error.message, "cannot read 'missing.js': no such file or directory");
			return true;
		});
	});
});
