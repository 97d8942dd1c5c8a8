// What one part of a file offers the rest (the names it defines: imports, clients, functions,
// variables) and which of those names the fact readers looked up. An adapter that routes every
// lookup across the file through this log lets `DocumentAnalyzer` re-read only the top-level
// statements an edit touched: a statement whose reads are all unchanged keeps its facts.
import type { Node } from 'web-tree-sitter';

/**
 * The tables an adapter looks names up in (one namespace each). Python adds `module` (imported
 * packages), `status` and `response` (variables holding a status or a response), `constant`
 * (module-level assignments) and `text` (one name per top-level statement: reading `text\0*`
 * reads the whole file).
 */
export type NameKind = 'binding' | 'import' | 'function' | 'outer-declaration' | 'local-fetch' | 'module' | 'status' | 'response' | 'constant' | 'text';

/** `kind\0name`: one looked-up or defined name; `kind\0*` reads every name of the kind. */
export type NameKey = string;

const ALL = '*';

export function nameKey(kind: NameKind, name: string): NameKey {
	return `${kind}\0${name}`;
}

/** The key that stands for reading every name of `key`'s kind. */
export function anyNameOfKind(key: NameKey): NameKey {
	return `${key.slice(0, key.indexOf('\0'))}\0${ALL}`;
}

export class NameLog {
	/**
	 * Each definition with the range of the node that defines it, and what readers see of it:
	 * its `meaning` when the definer gave one, else the range's text.
	 */
	readonly definitions: Array<{ key: NameKey; startIndex: number; endIndex: number; meaning?: string }> = [];
	/** Each lookup with the start of the construct being read when it happened; -1 for a reader over the whole file. */
	readonly reads: Array<{ key: NameKey; at: number }> = [];
	/** The start of the construct being read now. */
	at = -1;
}

let active: NameLog | undefined;

/** Runs an extraction that records into `log` (or records nothing). */
export function withNameLog<T>(log: NameLog | undefined, run: () => T): T {
	const outer = active;
	active = log;
	try {
		return run();
	} finally {
		active = outer;
	}
}

/** Runs the reader of one construct: its lookups are its own, not the whole file's. */
export function readingAt<T>(node: Node, read: () => T): T {
	const log = active;
	if (!log) return read();
	const outer = log.at;
	log.at = node.startIndex;
	try {
		return read();
	} finally {
		log.at = outer;
	}
}

/** `readingAt` for the reader of one fact: a surprise in a broken tree loses that fact, never the file. */
export function anchored<T>(node: Node, extract: () => T): T | undefined {
	return readingAt(node, () => {
		try {
			return extract();
		} catch {
			return undefined;
		}
	});
}

/** The start of the construct being read now; -1 outside any reader, or when nothing records. */
export function readerStart(): number {
	return active ? active.at : -1;
}

/** True while an extraction records names: a reader that stops at the first definition goes on to log them all. */
export function recordingNames(): boolean {
	return active !== undefined;
}

/**
 * Logs that `node` defines `name`. `meaning`, when given, is all a reader of the name sees of
 * the definition (an import's module and imported name, not the whole statement's text): an
 * edit that leaves it unchanged leaves the readers' facts unchanged too.
 */
export function defineName(kind: NameKind, name: string, node: Node, meaning?: string): void {
	active?.definitions.push({ key: nameKey(kind, name), startIndex: node.startIndex, endIndex: node.endIndex, meaning });
}

/** `defineName` for a stretch of text that is no single node (a top-level statement with the gap after it). */
export function defineSpan(kind: NameKind, name: string, startIndex: number, endIndex: number): void {
	active?.definitions.push({ key: nameKey(kind, name), startIndex, endIndex });
}

/** Reads every name of `kind`: a change to any of them makes the reader stale. */
export function lookUpEveryName(kind: NameKind): void {
	lookUpName(kind, ALL);
}

export function lookUpName(kind: NameKind, name: string): void {
	if (active) active.reads.push({ key: nameKey(kind, name), at: active.at });
}

/**
 * A read-only view of a table built from the whole file whose lookups are logged; iterating
 * it reads every name of its kind.
 */
export class LoggedMap<V> implements ReadonlyMap<string, V> {
	constructor(
		private readonly kind: NameKind,
		private readonly map: ReadonlyMap<string, V>,
	) {}

	get size(): number {
		lookUpName(this.kind, ALL);
		return this.map.size;
	}

	get(name: string): V | undefined {
		lookUpName(this.kind, name);
		return this.map.get(name);
	}

	has(name: string): boolean {
		lookUpName(this.kind, name);
		return this.map.has(name);
	}

	forEach(each: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
		lookUpName(this.kind, ALL);
		this.map.forEach((value, key) => each(value, key, this));
	}

	entries(): MapIterator<[string, V]> {
		lookUpName(this.kind, ALL);
		return this.map.entries();
	}

	keys(): MapIterator<string> {
		lookUpName(this.kind, ALL);
		return this.map.keys();
	}

	values(): MapIterator<V> {
		lookUpName(this.kind, ALL);
		return this.map.values();
	}

	[Symbol.iterator](): MapIterator<[string, V]> {
		return this.entries();
	}
}

/**
 * Each top-level statement, with the text up to the next, defines a `text` name: a reader of
 * the whole file (`text\0*`) is stale after any edit, and needs every statement to be read.
 */
export function defineStatements(root: Node): void {
	const ranges = root.tree.getIncludedRanges();
	let range = 0;
	let previous: { start: number; name: string } | undefined;
	const close = (end: number) => {
		if (previous) defineSpan('text', previous.name, previous.start, end);
		previous = undefined;
	};
	for (const child of root.children) {
		if (!child) continue;
		const start = child.startIndex;
		if (range < ranges.length && start >= ranges[range].endIndex) {
			close(ranges[range].endIndex);
			while (range < ranges.length && start >= ranges[range].endIndex) range++;
		}
		// The first statement of a range owns the text before it (part 0 owns the file's head).
		const from = previous === undefined && range < ranges.length ? Math.min(ranges[range].startIndex, start) : start;
		close(start);
		previous = { start: from, name: `part@${from}` };
	}
	close(range < ranges.length ? ranges[range].endIndex : root.endIndex);
}
