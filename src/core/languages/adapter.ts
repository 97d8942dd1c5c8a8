// The contract between the language-neutral core and one language: which grammar
// parses it, and how its syntax tree becomes facts. An adapter is declarative where it
// can be and holds no rule logic.
import type { Node, Tree } from 'web-tree-sitter';
import type { GrammarName } from '../parser';
import type { FileFacts, LanguageId, Span } from '../types';

export interface AdapterOptions {
	/**
	 * Extra functions to treat as HTTP calls that return a response (project wrappers
	 * such as `apiClient.get` or `http_get`), matched against the callee as written.
	 */
	extraHttpFunctions: readonly string[];
}

export interface LanguageAdapter {
	/** The languages this adapter serves (TypeScript and TSX share one adapter, not one grammar). */
	languages: readonly LanguageId[];
	grammarFor(language: LanguageId): GrammarName;
	/** The line-comment marker, for suppression comments and inserted disables. */
	lineComment: '//' | '#';
	/**
	 * A cheap test on the raw text: false means the file cannot hold a finding (no HTTP
	 * client, no retry library, no status code), so it is not parsed at all.
	 */
	mightMatter(text: string, options: AdapterOptions): boolean;
	/**
	 * Every lookup of a name across top-level statements goes through the name log
	 * (`names.ts`), so the statements an edit touched can be read again alone (`incremental.ts`).
	 */
	logsNames?: boolean;
	/**
	 * Facts from a tree; must cope with ERROR nodes and never throw on a partial tree. With a
	 * `focus`, only the facts of constructs starting inside it are wanted: the rest of the tree
	 * is there for the names it defines, and its facts may be left out.
	 */
	extractFacts(tree: Tree, language: LanguageId, options: AdapterOptions, focus?: Focus): FileFacts;
}

/** A stretch of the text by UTF-16 offsets. */
export interface Focus {
	startIndex: number;
	endIndex: number;
}

/** A construct whose facts an extraction with `focus` reads (it starts inside it); every one without a focus. */
export function inFocus(focus: Focus | undefined, node: { startIndex: number }): boolean {
	return !focus || (node.startIndex >= focus.startIndex && node.startIndex < focus.endIndex);
}

/** The span of a syntax node in the vocabulary of the core. */
export function spanOf(node: Node): Span {
	return {
		startIndex: node.startIndex,
		endIndex: node.endIndex,
		start: { line: node.startPosition.row, character: node.startPosition.column },
		end: { line: node.endPosition.row, character: node.endPosition.column },
	};
}

/** The span from the start of one node to the end of another. */
export function spanBetween(first: Node, last: Node): Span {
	const a = spanOf(first);
	const b = spanOf(last);
	return { startIndex: a.startIndex, endIndex: b.endIndex, start: a.start, end: b.end };
}

/** Facts with nothing in them, for a file that cannot matter. */
export function emptyFacts(language: LanguageId): FileFacts {
	return { language, imports: [], httpCalls: [], retries: [], catches: [], authRefreshes: [], statusCodeRefs: [] };
}
