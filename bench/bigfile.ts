// Builds a ~5,000-line file of realistic HTTP client code for one language by concatenating
// the repository's examples and rule fixtures (fetch/axios/requests calls, retry loops,
// catch blocks) round-robin, each copy's functions and classes renamed so the file reads
// like one large module. Stops at the first whole copy that reaches 5,000 lines, so the
// file always parses as the sources do.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

const SOURCES: Record<string, { examples: string; fixtures: string[]; ext: RegExp; rename: RegExp }> = {
	javascript: { examples: 'examples/js', fixtures: ['javascript'], ext: /\.js$/, rename: /\b(function\*?\s+|class\s+)([A-Za-z_$][\w$]*)/g },
	typescript: { examples: 'examples/ts', fixtures: ['typescript'], ext: /\.ts$/, rename: /\b(function\*?\s+|class\s+|interface\s+)([A-Za-z_$][\w$]*)/g },
	python: { examples: 'examples/python', fixtures: ['python'], ext: /\.py$/, rename: /\b(def\s+|class\s+)([A-Za-z_]\w*)/g },
};

function sourcesFor(language: string): string[] {
	const spec = SOURCES[language];
	const files: string[] = [];
	const examples = path.join(ROOT, spec.examples);
	if (fs.existsSync(examples)) for (const name of fs.readdirSync(examples).sort()) if (spec.ext.test(name)) files.push(path.join(examples, name));
	const rules = path.join(ROOT, 'test', 'fixtures', 'rules');
	for (const rule of fs.existsSync(rules) ? fs.readdirSync(rules).sort() : []) {
		for (const dir of spec.fixtures) {
			const full = path.join(rules, rule, dir);
			if (fs.existsSync(full)) for (const name of fs.readdirSync(full).sort()) if (spec.ext.test(name)) files.push(path.join(full, name));
		}
	}
	return files;
}

export interface BigFile {
	language: string;
	text: string;
	lines: number;
	sources: number;
	/** Where the 50 one-character edits go: just after a name declared near the middle. */
	editOffset: number;
}

export function bigFile(language: 'javascript' | 'typescript' | 'python', targetLines = 5000): BigFile {
	const files = sourcesFor(language);
	if (files.length === 0) throw new Error(`no ${language} sources for the big file`);
	const texts = files.map((file) => fs.readFileSync(file, 'utf8').replace(/\s*$/, '\n'));
	const parts: string[] = [];
	let lines = 0;
	for (let copy = 0; lines < targetLines; copy++) {
		const text = texts[copy % texts.length].replace(SOURCES[language].rename, (_, keyword: string, name: string) => `${keyword}${name}_${copy}`);
		parts.push(text);
		lines += text.split('\n').length;
	}
	const text = parts.join('\n');
	// A local variable declared near the middle: the edits type characters onto its name.
	const middle = Math.floor(text.length / 2);
	const declaration = language === 'python' ? /\n[ \t]+([a-z_]\w*) = / : /\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/;
	const match = declaration.exec(text.slice(middle));
	if (!match) throw new Error(`no declaration after the middle of the ${language} big file`);
	const editOffset = middle + match.index + match[0].indexOf(match[1]) + match[1].length;
	return { language, text, lines: text.split('\n').length, sources: files.length, editOffset };
}
