// Loads web-tree-sitter and the grammar .wasm files, each once and only when a file of
// that language first needs it (the C# grammar alone takes ~150 ms to load).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type ParseOptions, type Tree } from 'web-tree-sitter';

/** Grammar files by the name they are shipped under in `dist/grammars/`. */
export type GrammarName =
	| 'tree-sitter-javascript'
	| 'tree-sitter-typescript'
	| 'tree-sitter-tsx'
	| 'tree-sitter-python'
	| 'tree-sitter-go'
	| 'tree-sitter-java'
	| 'tree-sitter-c_sharp';

/** Where each grammar lives in node_modules, for running from source (tests, bench). */
const NODE_MODULES_PATHS: Record<GrammarName, string> = {
	'tree-sitter-javascript': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
	'tree-sitter-typescript': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
	'tree-sitter-tsx': 'tree-sitter-typescript/tree-sitter-tsx.wasm',
	'tree-sitter-python': 'tree-sitter-python/tree-sitter-python.wasm',
	'tree-sitter-go': 'tree-sitter-go/tree-sitter-go.wasm',
	'tree-sitter-java': 'tree-sitter-java/tree-sitter-java.wasm',
	'tree-sitter-c_sharp': 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
};

let wasmDirOverride: string | undefined;

/** Hosts that ship the .wasm files somewhere unusual say where, before the first parse. */
export function setWasmDirectory(dir: string): void {
	wasmDirOverride = dir;
}

function locate(file: string, nodeModulesPath: string): string {
	const candidates = [
		wasmDirOverride && path.join(wasmDirOverride, file),
		// Bundled: dist/cli.js, dist/server.js next to dist/grammars/.
		path.join(__dirname, 'grammars', file),
		path.join(__dirname, '..', 'dist', 'grammars', file),
	];
	for (const candidate of candidates) {
		if (candidate && fs.existsSync(candidate)) return candidate;
	}
	// From source: resolve through node_modules.
	return require.resolve(nodeModulesPath);
}

let runtime: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

function initRuntime(): Promise<void> {
	runtime ??= Parser.init({
		locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
	});
	return runtime;
}

/** The grammar, loaded once per process. */
export function loadGrammar(name: GrammarName): Promise<Language> {
	let language = languages.get(name);
	if (!language) {
		language = initRuntime().then(() => Language.load(locate(`${name}.wasm`, NODE_MODULES_PATHS[name])));
		languages.set(name, language);
	}
	return language;
}

/** A parser for the grammar. Parsers are cheap; languages are not, and are shared. */
export async function createParser(name: GrammarName): Promise<Parser> {
	const language = await loadGrammar(name);
	const parser = new Parser();
	parser.setLanguage(language);
	return parser;
}

/**
 * Parses `text`, handing the parser the piece from each place it reads up to `pieceEnd` of
 * that place. Given a whole string, web-tree-sitter copies up to 10 KB after every place the
 * parser reads from (each reused subtree's end, each included range's start); short pieces cut
 * that copying. Node texts, read after the parse, get the rest of the text in one piece.
 */
export function parseInPieces(parser: Parser, text: string, pieceEnd: (index: number) => number, previous?: Tree | null, options?: ParseOptions): Tree | null {
	let parsing = true;
	try {
		return parser.parse((index) => text.slice(index, parsing ? pieceEnd(index) : text.length), previous, options);
	} finally {
		parsing = false;
	}
}

/** How much text an incremental parse is handed at a time (it reads at every reused subtree's end). */
const REPARSE_PIECE = 256;

/** Parses `text` again after an edit, reusing `previous` (already told of the edit). */
export function reparse(parser: Parser, text: string, previous: Tree): Tree | null {
	return parseInPieces(parser, text, (index) => index + REPARSE_PIECE, previous);
}
