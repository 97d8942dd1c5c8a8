// Builds a ~5,000-line file of realistic HTTP client code for one language by concatenating
// the repository's examples and rule fixtures (fetch/axios/requests calls, retry loops,
// catch blocks) round-robin, each copy's functions and classes renamed so the file reads
// like one large module. Stops at the first whole copy that reaches 5,000 lines, so the
// file always parses as the sources do.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

const SOURCES: Record<string, { examples: string; fixtures: string[]; ext: RegExp; topLevelNames: RegExp[] }> = {
	javascript: {
		examples: 'examples/js',
		fixtures: ['javascript'],
		ext: /\.js$/,
		topLevelNames: [/^(?:export\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/gm, /^(?:export\s+)?class\s+([A-Za-z_$][\w$]*)/gm, /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/gm],
	},
	typescript: {
		examples: 'examples/ts',
		fixtures: ['typescript'],
		ext: /\.ts$/,
		topLevelNames: [/^(?:export\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/gm, /^(?:export\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/gm, /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*[:=]/gm, /^(?:export\s+)?(?:interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm],
	},
	go: {
		examples: 'examples/go',
		fixtures: ['go'],
		ext: /\.go$/,
		// Functions (methods keep their names: their receiver types are renamed), types, package-level variables and constants.
		topLevelNames: [/^func\s+(\w+)/gm, /^type\s+(\w+)/gm, /^(?:var|const)\s+(\w+)/gm, /^(?:var|const) \(\n((?:\t.*\n)*?)\)/gm],
	},
	python: {
		examples: 'examples/python',
		fixtures: ['python'],
		ext: /\.py$/,
		topLevelNames: [/^(?:async\s+)?def\s+([A-Za-z_]\w*)/gm, /^class\s+([A-Za-z_]\w*)/gm, /^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)/gm],
	},
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

/**
 * Where the bench types: onto a local name inside a function, a new statement between two
 * top-level ones, a module name in the imports; and the worst case, `library swap`: the HTTP
 * library's module name loses its last character and gets it back, in turn, so every
 * keystroke changes what the library's calls in the whole file are.
 */
export type EditPlace = 'function' | 'top level' | 'imports' | 'library swap';

export const EDIT_PLACES: readonly EditPlace[] = ['function', 'top level', 'imports', 'library swap'];

/** Places whose keystrokes undo each other (delete, retype) rather than type on. */
export const TOGGLED_PLACES: ReadonlySet<EditPlace> = new Set(['library swap']);

export interface BigFile {
	language: string;
	text: string;
	lines: number;
	sources: number;
	/** Where the one-character edits go, per place: each keystroke types one more character there (or, toggled, deletes the one before and types it back). */
	editOffsets: Record<EditPlace, number>;
}

/** The names one JS module is imported with: `import name, * as namespace, { named } from '...'`. */
interface EsmImport {
	default?: string;
	namespace?: string;
	named: string[];
}

/**
 * The import block of one module made of many files' imports: each module imported once, its
 * names merged (a name two modules bind keeps the first), as a real file of this size has it.
 */
class ImportBlock {
	/** Each import line in the order first met, written when the block is (names merge until then). */
	private readonly lines: Array<() => string> = [];
	private readonly bound = new Set<string>();
	/** JS: the names imported from each module. */
	private readonly esm = new Map<string, EsmImport>();
	/** Python: the names of each `from module import ...`, and the `import module` lines. */
	private readonly fromPython = new Map<string, string[]>();
	private readonly importPython = new Set<string>();
	/** Go: each import spec (`"net/http"`, `rh "github.com/..."`) by the name it binds. */
	private readonly goSpecs = new Map<string, string>();

	constructor(private readonly language: 'javascript' | 'python' | 'go') {}

	/** Go: the file without its package clause and import declarations, which are kept here. */
	takeGo(text: string): string {
		const take = (spec: string) => {
			const match = /^(?:(\w+|\.|_)\s+)?"([^"]+)"$/.exec(spec.trim());
			if (!match) return;
			const name = match[1] ?? match[2].split('/').pop()!;
			if (!this.goSpecs.has(name)) this.goSpecs.set(name, spec.trim());
		};
		return text
			.replace(/^package \w+\n/m, '')
			.replace(/^import \(\n([\s\S]*?)^\)\n/gm, (_, specs: string) => {
				for (const spec of specs.split('\n')) if (spec.trim() && !spec.trim().startsWith('//')) take(spec);
				return '';
			})
			.replace(/^import ((?:\w+ )?"[^"]+")\n/gm, (_, spec: string) => {
				take(spec);
				return '';
			});
	}

	/** Takes the line when it is a one-line import (true), else leaves it to the file (false). */
	take(line: string): boolean {
		return this.language === 'python' ? this.takePython(line) : this.takeJavascript(line);
	}

	private bind(name: string): boolean {
		if (this.bound.has(name)) return false;
		this.bound.add(name);
		return true;
	}

	private takeJavascript(line: string): boolean {
		const esm = /^import\s+(?!type\s)(.+?)\s+from\s+'([^']+)';?\s*$/.exec(line);
		if (esm) {
			const [, clause, module] = esm;
			let entry = this.esm.get(module);
			if (!entry) {
				const merged: EsmImport = { named: [] };
				entry = merged;
				this.esm.set(module, merged);
				this.lines.push(() => {
					const clause = [merged.default, merged.namespace && `* as ${merged.namespace}`, merged.named.length > 0 && `{ ${merged.named.join(', ')} }`].filter(Boolean).join(', ');
					return clause ? `import ${clause} from '${module}';` : '';
				});
			}
			const named = /\{([^}]*)\}/.exec(clause);
			const rest = clause.replace(/\{[^}]*\}/, '').replace(/,\s*$/, '').replace(/^\s*,/, '').trim();
			const namespace = /^\*\s+as\s+([\w$]+)$/.exec(rest);
			if (namespace) entry.namespace ??= this.bind(namespace[1]) ? namespace[1] : undefined;
			else if (rest) entry.default ??= this.bind(rest) ? rest : undefined;
			for (const item of named?.[1].split(',').map((part) => part.trim()).filter(Boolean) ?? []) {
				const local = item.split(/\s+as\s+/).pop()!.replace(/^type\s+/, '');
				if (this.bind(local)) entry.named.push(item);
			}
			return true;
		}
		const required = /^(?:const|let|var)\s+(.+?)\s*=\s*require\('([^']+)'\)[\w.]*;?\s*$/.exec(line);
		if (required) {
			const locals = required[1].replace(/[{}]/g, '').split(',').map((part) => part.split(':').pop()!.trim()).filter(Boolean);
			if (locals.every((local) => !this.bound.has(local))) {
				for (const local of locals) this.bind(local);
				this.lines.push(() => line);
			}
			return true;
		}
		return false;
	}

	private takePython(line: string): boolean {
		const from = /^from\s+([\w.]+)\s+import\s+([^()\\#]+?)\s*$/.exec(line);
		if (from) {
			const names = this.fromPython.get(from[1]);
			const items = from[2].split(',').map((part) => part.trim()).filter(Boolean);
			if (names) {
				for (const item of items) if (!names.includes(item)) names.push(item);
			} else {
				const module = from[1];
				this.fromPython.set(module, items);
				this.lines.push(() => `from ${module} import ${items.join(', ')}`);
			}
			return true;
		}
		if (/^import\s+[\w.]+(?:\s+as\s+\w+)?\s*$/.test(line)) {
			const statement = line.trim();
			if (!this.importPython.has(statement)) {
				this.importPython.add(statement);
				this.lines.push(() => statement);
			}
			return true;
		}
		return false;
	}

	text(): string {
		if (this.language === 'go') return `package main\n\nimport (\n${[...this.goSpecs.values()].map((spec) => `\t${spec}`).join('\n')}\n)`;
		return this.lines
			.map((line) => line())
			.filter(Boolean)
			.join('\n');
	}
}

/** A one-line top-level definition (`const sleep = (ms) => ...;`, `MAX_ATTEMPTS = 5`): the copies that have it word for word share one. */
const ONE_LINE_DEFINITION = {
	javascript: /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=.*;\s*$/,
	python: /^([A-Za-z_]\w*)\s*=(?!=)[^([{]*$/,
};

/**
 * One source file as a stretch of the big module: its imports taken out, a one-line definition
 * an earlier file made word for word dropped, its other top-level names suffixed with the copy number.
 */
function asPartOfModule(text: string, copy: number, language: string, imports: ImportBlock, shared: Set<string>): string {
	const python = language === 'python';
	const names = new Set<string>();
	if (language === 'go') text = imports.takeGo(text);
	for (const pattern of SOURCES[language].topLevelNames) {
		for (const match of text.matchAll(pattern)) {
			// A grouped `var (...)`/`const (...)` names one per line.
			if (match[1].includes('\n')) for (const line of match[1].matchAll(/^\t(\w+)/gm)) names.add(line[1]);
			else names.add(match[1]);
		}
	}
	const oneLine = python ? ONE_LINE_DEFINITION.python : ONE_LINE_DEFINITION.javascript;
	const body = text
		.split('\n')
		.filter((line) => {
			if (imports.take(line)) return false;
			const definition = oneLine.exec(line);
			if (!definition) return true;
			const first = !shared.has(line);
			if (first && [...shared].some((other) => oneLine.exec(other)?.[1] === definition[1])) return true;
			names.delete(definition[1]);
			shared.add(line);
			return first;
		})
		.join('\n')
		// A module docstring of each file but the first would be a stray string statement; fine either way.
		.replace(/^\s+/, '');
	if (names.size === 0) return body;
	const reference = new RegExp(`(?<![\\w$.])(${[...names].map((name) => name.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`, 'g');
	return body.replace(reference, (name: string, _: string, at: number, whole: string) => {
		// `f(timeout=TIMEOUT)`: a keyword argument's name is not the module's variable.
		if (python && /^\s*=(?!=)/.test(whole.slice(at + name.length)) && !/(^|\n)$/.test(whole.slice(Math.max(0, at - 1), at))) return name;
		return `${name}_${copy}`;
	});
}

/** Where each place is: the first group of a pattern, searched from the file's middle or its start. */
interface PlaceSpec {
	pattern: RegExp;
	from: 'middle' | 'start';
	edge: 'start' | 'end';
	/** For the error when the file has no such place. */
	what: string;
}

const PLACES: Record<'javascript' | 'python' | 'go', Record<EditPlace, PlaceSpec>> = {
	javascript: {
		// A local variable declared in a function near the middle: characters typed onto its name.
		function: { pattern: /\n[ \t]+(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/, from: 'middle', edge: 'end', what: 'indented declaration after the middle' },
		// A blank line before a top-level function near the middle: a new statement typed there.
		'top level': { pattern: /\n()\n(?:export )?(?:async )?function /, from: 'middle', edge: 'start', what: 'blank line before a top-level function after the middle' },
		// The first module name imported: characters typed onto it.
		imports: { pattern: /^(?:import .* from |const .* = require\()'([^']+)'/m, from: 'start', edge: 'end', what: 'import' },
		// The end of the first import of the library most of the file's calls go through.
		'library swap': { pattern: /^import .* from '(axios)'/m, from: 'start', edge: 'end', what: 'HTTP library import' },
	},
	python: {
		function: { pattern: /\n[ \t]+([a-z_]\w*) = /, from: 'middle', edge: 'end', what: 'indented assignment after the middle' },
		'top level': { pattern: /\n()\n(?:async )?def /, from: 'middle', edge: 'start', what: 'blank line before a top-level function after the middle' },
		imports: { pattern: /^(?:import|from) ([\w.]+)/m, from: 'start', edge: 'end', what: 'import' },
		'library swap': { pattern: /^(?:import|from) (requests)\b/m, from: 'start', edge: 'end', what: 'HTTP library import' },
	},
	go: {
		function: { pattern: /\n\t+(\w+)(?:, \w+)? :?= /, from: 'middle', edge: 'end', what: 'assignment in a function after the middle' },
		'top level': { pattern: /\n()\nfunc /, from: 'middle', edge: 'start', what: 'blank line before a function after the middle' },
		imports: { pattern: /^\t(?:\w+ )?"([^"]+)"/m, from: 'start', edge: 'end', what: 'import' },
		'library swap': { pattern: /^\t"(net\/http)"/m, from: 'start', edge: 'end', what: 'net/http import' },
	},
};

export function bigFile(language: 'javascript' | 'typescript' | 'python' | 'go', targetLines = 5000): BigFile {
	const files = sourcesFor(language);
	if (files.length === 0) throw new Error(`no ${language} sources for the big file`);
	const texts = files.map((file) => fs.readFileSync(file, 'utf8').replace(/\s*$/, '\n'));
	const imports = new ImportBlock(language === 'typescript' ? 'javascript' : language);
	const shared = new Set<string>();
	const parts: string[] = [];
	let lines = 0;
	for (let copy = 0; lines < targetLines; copy++) {
		const part = asPartOfModule(texts[copy % texts.length], copy, language, imports, shared);
		parts.push(part);
		lines += part.split('\n').length;
	}
	const text = `${imports.text()}\n\n${parts.join('\n')}`;
	const middle = Math.floor(text.length / 2);
	// Where the pattern's first group starts or ends, searching from `from`.
	const at = (pattern: RegExp, from: number, edge: 'start' | 'end', what: string) => {
		const match = new RegExp(pattern.source, `${pattern.flags}d`).exec(text.slice(from));
		if (!match?.indices?.[1]) throw new Error(`no ${what} in the ${language} big file`);
		return from + match.indices[1][edge === 'start' ? 0 : 1];
	};
	const places = PLACES[language === 'typescript' ? 'javascript' : language];
	const offsetOf = ({ pattern, from, edge, what }: PlaceSpec) => at(pattern, from === 'middle' ? middle : 0, edge, what);
	const editOffsets = Object.fromEntries(EDIT_PLACES.map((place) => [place, offsetOf(places[place])])) as Record<EditPlace, number>;
	return { language, text, lines: text.split('\n').length, sources: files.length, editOffsets };
}
