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

/** Where the bench types: onto a local name inside a function, a new statement between two top-level ones, a module name in the imports. */
export type EditPlace = 'function' | 'top level' | 'imports';

export const EDIT_PLACES: readonly EditPlace[] = ['function', 'top level', 'imports'];

export interface BigFile {
	language: string;
	text: string;
	lines: number;
	sources: number;
	/** Where the one-character edits go, per place: each keystroke types one more character there. */
	editOffsets: Record<EditPlace, number>;
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
	const middle = Math.floor(text.length / 2);
	// Where the pattern's first group starts or ends, searching from `from`.
	const at = (pattern: RegExp, from: number, edge: 'start' | 'end', what: string) => {
		const match = new RegExp(pattern.source, `${pattern.flags}d`).exec(text.slice(from));
		if (!match?.indices?.[1]) throw new Error(`no ${what} in the ${language} big file`);
		return from + match.indices[1][edge === 'start' ? 0 : 1];
	};
	const python = language === 'python';
	return {
		language,
		text,
		lines: text.split('\n').length,
		sources: files.length,
		editOffsets: {
			// A local variable declared in a function near the middle: characters typed onto its name.
			function: at(python ? /\n[ \t]+([a-z_]\w*) = / : /\n[ \t]+(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/, middle, 'end', 'indented declaration after the middle'),
			// A blank line before a top-level function near the middle: a new statement typed there.
			'top level': at(python ? /\n()\n(?:async )?def / : /\n()\n(?:export )?(?:async )?function /, middle, 'start', 'blank line before a top-level function after the middle'),
			// The first module name imported: characters typed onto it.
			imports: at(python ? /^(?:import|from) ([\w.]+)/m : /^(?:import .* from |const .* = require\()'([^']+)'/m, 0, 'end', 'import'),
		},
	};
}
