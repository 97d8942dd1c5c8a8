// Gathers the benchmark corpora from code that is already on the machine: JS/TS from the
// project's node_modules, Python from node_modules and the system Python's standard
// library, Go from the Go installation's source tree, Java from a JDK's src.zip. The
// selection is deterministic: every candidate path is ordered by a hash of the path (a
// spread across packages rather than the alphabetically first ones) and files are taken
// in that order until the file or byte cap is reached. Files the core itself would skip
// (declarations, over 1 MiB, binary, minified) are left out the way the core leaves them out.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { skipReason } from '../src/core/analyze';
import { DEFAULT_MAX_FILE_SIZE } from '../src/core/config';
import type { LanguageId } from '../src/core/types';

export interface CorpusFile {
	/** Path relative to the corpus root it came from (for ESLint's file name and reports). */
	path: string;
	/** Absolute path, for the child process and the workers that read the files themselves. */
	abs: string;
	language: LanguageId;
	text: string;
	/** UTF-8 size. */
	bytes: number;
}

export interface Corpus {
	name: string;
	source: string;
	files: CorpusFile[];
	bytes: number;
	/** Candidates seen before the cap, and how many the core's own checks left out. */
	candidates: number;
	skipped: Record<string, number>;
}

const ROOT = path.resolve(__dirname, '..');
export const CORPUS_CACHE = path.join(ROOT, '.bench-corpus');

const JS_EXTENSIONS: Record<string, LanguageId> = {
	'.js': 'javascript',
	'.mjs': 'javascript',
	'.cjs': 'javascript',
	'.jsx': 'javascriptreact',
	'.ts': 'typescript',
	'.mts': 'typescript',
	'.cts': 'typescript',
	'.tsx': 'typescriptreact',
};

function walk(dir: string, accept: (file: string) => boolean, out: string[], skipDir: (name: string) => boolean = () => false): string[] {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return out;
	}
	for (const entry of entries) {
		if (entry.isSymbolicLink()) continue; // .bin links and workspace links would count files twice
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (!skipDir(entry.name)) walk(full, accept, out, skipDir);
		} else if (entry.isFile() && accept(entry.name)) {
			out.push(full);
		}
	}
	return out;
}

function hashOrder(files: string[], base: string): string[] {
	const key = (file: string) => createHash('sha1').update(path.relative(base, file)).digest('hex');
	return files
		.map((file) => ({ file, key: key(file) }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map((entry) => entry.file);
}

function select(name: string, source: string, candidates: string[], base: string, languageOf: (file: string) => LanguageId, maxFiles: number, maxBytes: number): Corpus {
	const files: CorpusFile[] = [];
	const skipped: Record<string, number> = {};
	let bytes = 0;
	for (const file of hashOrder(candidates, base)) {
		if (files.length >= maxFiles || bytes >= maxBytes) break;
		let size: number;
		try {
			size = fs.statSync(file).size;
		} catch {
			continue;
		}
		if (size > DEFAULT_MAX_FILE_SIZE) {
			skipped['too-large'] = (skipped['too-large'] ?? 0) + 1;
			continue;
		}
		const text = fs.readFileSync(file, 'utf8');
		const reason = skipReason(text, DEFAULT_MAX_FILE_SIZE);
		if (reason) {
			skipped[reason] = (skipped[reason] ?? 0) + 1;
			continue;
		}
		const utf8 = Buffer.byteLength(text);
		files.push({ path: path.relative(base, file), abs: file, language: languageOf(file), text, bytes: utf8 });
		bytes += utf8;
	}
	return { name, source, files, bytes, candidates: candidates.length, skipped };
}

/** JS/TS sources (no declaration files) from the project's node_modules. */
export function jsCorpus(maxFiles = 4000, maxBytes = 15 * 1024 * 1024): Corpus {
	const base = path.join(ROOT, 'node_modules');
	const isDeclaration = (name: string) => /\.d\.[mc]?ts$/.test(name);
	const candidates = walk(base, (name) => path.extname(name) in JS_EXTENSIONS && !isDeclaration(name), []);
	return select('JS/TS', 'node_modules/ of this checkout', candidates, base, (file) => JS_EXTENSIONS[path.extname(file)], maxFiles, maxBytes);
}

/** .py files shipped inside npm packages, plus the system Python's standard library. */
export function pythonCorpus(maxFiles = 2000, maxBytes = 15 * 1024 * 1024): Corpus {
	const roots = [path.join(ROOT, 'node_modules')];
	for (const entry of safeReaddir('/usr/lib')) if (/^python3/.test(entry)) roots.push(path.join('/usr/lib', entry));
	const candidates: string[] = [];
	for (const root of roots) walk(root, (name) => name.endsWith('.py'), candidates, (name) => name === 'site-packages' || name === 'dist-packages');
	const fromNodeModules = candidates.filter((file) => file.startsWith(roots[0])).length;
	const source = `${fromNodeModules} candidate .py files in node_modules/, ${candidates.length - fromNodeModules} in ${roots.slice(1).join(', ') || '(no /usr/lib/python3*)'} (standard library; site/dist-packages left out)`;
	return select('Python', source, candidates, '/', () => 'python', maxFiles, maxBytes);
}

/** Go sources from the Go installation (`go env GOROOT`, else /usr/lib/go*). */
export function goCorpus(maxFiles = 2000, maxBytes = 10 * 1024 * 1024): Corpus | string {
	let goroot: string | undefined;
	try {
		goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		goroot = safeReaddir('/usr/lib').filter((entry) => /^go/.test(entry)).map((entry) => path.join('/usr/lib', entry))[0];
	}
	if (!goroot || !fs.existsSync(path.join(goroot, 'src'))) return 'no Go installation on the machine';
	const base = path.join(goroot, 'src');
	const candidates = walk(base, (name) => name.endsWith('.go'), [], (name) => name === 'testdata');
	return select('Go', `${base} (Go standard library; testdata/ left out)`, candidates, base, () => 'go', maxFiles, maxBytes);
}

/** Java sources from a JDK's src.zip, unpacked once into .bench-corpus/java (git-ignored). */
export function javaCorpus(maxFiles = 2000, maxBytes = 10 * 1024 * 1024): Corpus | string {
	const zips = ['/usr/lib/jvm'].flatMap((dir) =>
		safeReaddir(dir)
			.sort()
			.flatMap((jdk) => [path.join(dir, jdk, 'lib', 'src.zip'), path.join(dir, jdk, 'src.zip')]),
	);
	const zip = zips.find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
	if (!zip) return 'no JDK src.zip on the machine';
	const dir = path.join(CORPUS_CACHE, 'java');
	const marker = path.join(dir, '.from');
	if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== zip) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		// java.base, java.net.http and java.sql: real library code, ~3,000 files.
		execFileSync('unzip', ['-q', '-o', zip, 'java.base/*', 'java.net.http/*', 'java.sql/*', '-d', dir], { stdio: 'ignore' });
		fs.writeFileSync(marker, zip);
	}
	const candidates = walk(dir, (name) => name.endsWith('.java'), []);
	return select('Java', `${zip} (java.base, java.net.http, java.sql)`, candidates, dir, () => 'java', maxFiles, maxBytes);
}

/** C#: there is no C# code on the machine; the test fixtures repeated stand in, labelled as such. */
export function csharpCorpus(): Corpus | string {
	const fixtureDirs = [path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'examples')];
	const fixtures = fixtureDirs.flatMap((dir) => walk(dir, (name) => name.endsWith('.cs'), []));
	if (fixtures.length === 0) return 'no C# corpus on the machine (and no .cs fixtures to repeat)';
	const files: CorpusFile[] = [];
	let bytes = 0;
	for (let round = 0; round < 20; round++) {
		for (const file of fixtures.sort()) {
			const text = fs.readFileSync(file, 'utf8');
			files.push({ path: `${path.relative(ROOT, file)}#${round}`, abs: file, language: 'csharp', text, bytes: Buffer.byteLength(text) });
			bytes += Buffer.byteLength(text);
		}
	}
	return { name: 'C# (fixtures ×20)', source: `no C# corpus on the machine: ${fixtures.length} .cs fixtures of this repo, repeated 20×`, files, bytes, candidates: fixtures.length, skipped: {} };
}

function safeReaddir(dir: string): string[] {
	try {
		return fs.readdirSync(dir);
	} catch {
		return [];
	}
}
