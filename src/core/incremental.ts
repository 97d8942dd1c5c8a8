// Facts of an edited document from the facts before the edit: only the top-level statements
// ("parts") the edit touched are read again, from a parse restricted to them (and to the parts
// whose names they look up); the other parts keep their facts, shifted past the edit. The name
// log of each extraction (languages/names.ts) says which names a part defines and which it
// reads, so an edit that changes a name another part read has that part read again too; parts
// whose facts refer to each other's (a retry of a function declared elsewhere) are read together.
// The result equals a full extraction: test/core/incremental.test.ts checks it edit by edit.
import { createHash } from 'node:crypto';
import type { Edit, Parser, Point, Range, Tree } from 'web-tree-sitter';
import { positionAt } from './fixes/edits';
import { parseInPieces } from './parser';
import { countAtOrBelow, lastAtOrBefore } from './sorted';
import type { AdapterOptions, Focus, LanguageAdapter } from './languages/adapter';
import { anyNameOfKind, type NameKey, NameLog, withNameLog } from './languages/names';
import type { FileFacts, LanguageId, Span } from './types';

/** The top-level statements of one version of the text, and what each defines and reads. */
export interface Parts {
	/** Start of each part: its first token (part 0 also owns the text before it). */
	starts: number[];
	/** End of each part's node; the part itself runs to the next part's start (its gap included). */
	nodeEnds: number[];
	/** The definitions in each part. */
	definitions: Definition[][];
	/** Names looked up by the readers of the part's constructs. */
	reads: Set<NameKey>[];
	/** Names looked up by readers over the whole file (catches, status references). */
	fileReads: Set<NameKey>;
	/**
	 * Pairs of parts (lower first) whose facts refer to each other: `pRetry(() => load(id))`
	 * retries the HTTP calls of `load`, declared in another statement. Such parts are read again together.
	 */
	links: Array<[number, number]>;
}

/** A name a part defines, and a digest of what a reader of the name sees (its meaning, or its definition's text). */
interface Definition {
	key: NameKey;
	/** The key of reading every name of the kind. */
	anyOfKind: NameKey;
	/**
	 * The text itself would be a slice of that version of the document, keeping the whole
	 * version alive for as long as the part goes unedited.
	 */
	digest: string;
}

function definition(key: NameKey, text: string): Definition {
	return { key, anyOfKind: anyNameOfKind(key), digest: createHash('sha1').update(text).digest('base64') };
}

export interface PartedFacts {
	facts: FileFacts;
	/** Undefined when the file cannot be re-read part by part (adapter, size). */
	parts?: Parts;
}

/** The edited stretch: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface TextChange {
	start: number;
	oldEnd: number;
	newEnd: number;
}

// ---------------------------------------------------------------------------
// Canonical order
// ---------------------------------------------------------------------------

const byStart = (a: { span: Span }, b: { span: Span }) => a.span.startIndex - b.span.startIndex || a.span.endIndex - b.span.endIndex;
const byStartAndHead = (a: { span: Span; headSpan: Span }, b: { span: Span; headSpan: Span }) => a.span.startIndex - b.span.startIndex || a.headSpan.startIndex - b.headSpan.startIndex;

/**
 * Facts in document order, ids renumbered to match: then the facts of a file are the facts of
 * its parts one after the other, whichever way they were read.
 */
export function canonicalFacts(facts: FileFacts): FileFacts {
	const calls = [...facts.httpCalls].sort(byStart);
	const retries = [...facts.retries].sort(byStartAndHead);
	const callId = new Map(calls.map((call, at) => [call.id, at]));
	const retryId = new Map(retries.map((retry, at) => [retry.id, at]));
	return {
		language: facts.language,
		imports: [...facts.imports].sort(byStart),
		httpCalls: calls.map((call, id) => ({ ...call, id, retryId: call.retryId === undefined ? undefined : retryId.get(call.retryId) })),
		retries: retries.map((retry, id) => ({ ...retry, id, callIds: retry.callIds.map((c) => callId.get(c) ?? c) })),
		catches: [...facts.catches].sort(byStartAndHead).map((clause) => ({ ...clause, guardedCallIds: clause.guardedCallIds.map((c) => callId.get(c) ?? c) })),
		authRefreshes: [...facts.authRefreshes].sort(byStartAndHead),
		statusCodeRefs: [...facts.statusCodeRefs].sort(byStart),
	};
}

// ---------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------

function topLevel(tree: Tree): { starts: number[]; nodeEnds: number[] } {
	const starts: number[] = [];
	const nodeEnds: number[] = [];
	const cursor = tree.rootNode.walk();
	try {
		if (cursor.gotoFirstChild()) {
			do {
				starts.push(cursor.startIndex);
				nodeEnds.push(cursor.endIndex);
			} while (cursor.gotoNextSibling());
		}
	} finally {
		cursor.delete();
	}
	return { starts, nodeEnds };
}

/**
 * The top-level statements after an edit inside one statement's node, without walking them
 * all: when that node still spans the same text (moved end) between the same neighbours, the
 * statements around it, whose text and parser state are unchanged, are what they were.
 * Undefined when the edit reaches a statement's edge (then the caller walks them).
 */
function partsAroundEdit(old: Parts, tree: Tree, change: TextChange): { starts: number[]; nodeEnds: number[] } | undefined {
	const part = partAt(old.starts, change.start);
	if (change.start <= old.starts[part] || change.oldEnd >= old.nodeEnds[part]) return undefined;
	const delta = change.newEnd - change.oldEnd;
	const last = old.starts.length - 1;
	const cursor = tree.rootNode.walk();
	try {
		const at = (start: number, end: number) => cursor.startIndex === start && cursor.endIndex === end;
		if (!cursor.gotoFirstChildForIndex(change.start) || !at(old.starts[part], old.nodeEnds[part] + delta)) return undefined;
		if (part > 0 && !(cursor.gotoPreviousSibling() && at(old.starts[part - 1], old.nodeEnds[part - 1]) && cursor.gotoNextSibling())) return undefined;
		if (part < last ? !(cursor.gotoNextSibling() && at(old.starts[part + 1] + delta, old.nodeEnds[part + 1] + delta)) : cursor.gotoNextSibling()) return undefined;
	} finally {
		cursor.delete();
	}
	return { starts: old.starts.map((start, i) => (i > part ? start + delta : start)), nodeEnds: old.nodeEnds.map((end, i) => (i >= part ? end + delta : end)) };
}

/** The part holding `index` (the last part starting at or before it; part 0 for the text before the first). */
const partAt = lastAtOrBefore;

const partStart = (starts: readonly number[], part: number) => (part === 0 ? 0 : starts[part]);
const partEnd = (starts: readonly number[], part: number, length: number) => (part + 1 < starts.length ? starts[part + 1] : length);

/** Files this small are read whole: the bookkeeping would cost more than it saves. */
const MIN_PARTS = 8;

/** Each pair of parts (by `partOf` of the facts' starts) one fact of which names an HTTP call or retry of the other. */
function crossPartLinks(facts: FileFacts, partOf: (index: number) => number): Array<[number, number]> {
	const links = new Map<string, [number, number]>();
	const callPart = facts.httpCalls.map((call) => partOf(call.span.startIndex));
	const link = (a: number, b: number) => {
		if (a !== b) links.set(`${Math.min(a, b)},${Math.max(a, b)}`, [Math.min(a, b), Math.max(a, b)]);
	};
	for (const call of facts.httpCalls) if (call.retryId !== undefined) link(callPart[call.id], partOf(facts.retries[call.retryId].span.startIndex));
	for (const retry of facts.retries) {
		const part = partOf(retry.span.startIndex);
		for (const id of retry.callIds) link(part, callPart[id]);
	}
	for (const clause of facts.catches) {
		const part = partOf(clause.span.startIndex);
		for (const id of clause.guardedCallIds) link(part, callPart[id]);
	}
	return [...links.values()];
}

/** Reads the whole tree, logging names, and sorts what the log says by part. */
export function extractWhole(tree: Tree, text: string, adapter: LanguageAdapter, language: LanguageId, options: AdapterOptions): PartedFacts {
	if (!adapter.logsNames) return { facts: canonicalFacts(adapter.extractFacts(tree, language, options)) };
	const log = new NameLog();
	const facts = canonicalFacts(withNameLog(log, () => adapter.extractFacts(tree, language, options)));
	const { starts, nodeEnds } = topLevel(tree);
	if (starts.length < MIN_PARTS) return { facts };
	const definitions = starts.map((): Definition[] => []);
	const reads = starts.map(() => new Set<NameKey>());
	const fileReads = new Set<NameKey>();
	for (const defined of log.definitions) definitions[partAt(starts, defined.startIndex)].push(definition(defined.key, defined.meaning ?? text.slice(defined.startIndex, defined.endIndex)));
	for (const read of log.reads) (read.at < 0 ? fileReads : reads[partAt(starts, read.at)]).add(read.key);
	const links = crossPartLinks(facts, (index) => partAt(starts, index));
	return { facts, parts: { starts, nodeEnds, definitions, reads, fileReads, links } };
}

// ---------------------------------------------------------------------------
// Re-reading the edited parts
// ---------------------------------------------------------------------------

function readsDefinition(reads: ReadonlySet<NameKey>, defined: Definition): boolean {
	return reads.has(defined.key) || reads.has(defined.anyOfKind);
}

/** Definitions by `key\u0001digest`, counted. */
function multiset(lists: readonly Definition[][]): Map<string, { defined: Definition; count: number }> {
	const counts = new Map<string, { defined: Definition; count: number }>();
	for (const list of lists) {
		for (const defined of list) {
			const entry = `${defined.key}\u0001${defined.digest}`;
			const known = counts.get(entry);
			if (known) known.count++;
			else counts.set(entry, { defined, count: 1 });
		}
	}
	return counts;
}

/** Definitions that differ (in name, text or number) between two lists. */
function changedDefinitions(before: readonly Definition[][], after: readonly Definition[][]): Definition[] {
	const a = multiset(before);
	const b = multiset(after);
	const changed: Definition[] = [];
	for (const [entry, { defined, count }] of a) if (b.get(entry)?.count !== count) changed.push(defined);
	for (const [entry, { defined, count }] of b) if (a.get(entry)?.count !== count) changed.push(defined);
	return changed;
}

function countLines(text: string, from: number, to: number): number {
	let lines = 0;
	for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines++;
	return lines;
}

/** A copy of a fact with every span in it moved by `delta` characters and `lines` lines. */
function shifted<T>(value: T, delta: number, lines: number): T {
	// Called for every fact after the edit on every keystroke: primitives are copied inline.
	if (Array.isArray(value)) {
		const copy: unknown[] = new Array(value.length);
		for (let i = 0; i < value.length; i++) {
			const item: unknown = value[i];
			copy[i] = typeof item === 'object' && item !== null ? shifted(item, delta, lines) : item;
		}
		return copy as T;
	}
	const record = value as Record<string, unknown>;
	if (typeof record.startIndex === 'number' && typeof record.start === 'object') {
		const span = record as unknown as Span;
		return { startIndex: span.startIndex + delta, endIndex: span.endIndex + delta, start: { line: span.start.line + lines, character: span.start.character }, end: { line: span.end.line + lines, character: span.end.character } } as T;
	}
	const copy: Record<string, unknown> = {};
	for (const key in record) {
		const item = record[key];
		copy[key] = typeof item === 'object' && item !== null ? shifted(item, delta, lines) : item;
	}
	return copy as T;
}

/** Row and column of a part boundary (0, a top-level node's start, or the end of the text). */
function pointAt(tree: Tree, text: string, index: number): Point {
	if (index === 0) return { row: 0, column: 0 };
	if (index < text.length) {
		const node = tree.rootNode.descendantForIndex(index);
		if (node && node.startIndex === index) return node.startPosition;
	}
	const position = positionAt(text, index);
	return { row: position.line, column: position.character };
}

interface Extraction {
	facts: FileFacts;
	log: NameLog;
}

/**
 * The facts of the edited document, reading only the parts the edit touched; undefined when
 * only a full extraction can be sure (then the caller reads the whole tree).
 */
export function extractEdited(
	previous: PartedFacts,
	previousText: string,
	change: TextChange,
	tree: Tree,
	text: string,
	parser: PartParser,
	adapter: LanguageAdapter,
	language: LanguageId,
	options: AdapterOptions,
): PartedFacts | undefined {
	const old = previous.parts;
	if (!old || tree.rootNode.hasError) return undefined;
	const { starts, nodeEnds } = partsAroundEdit(old, tree, change) ?? topLevel(tree);
	if (starts.length < MIN_PARTS) return undefined;
	const delta = change.newEnd - change.oldEnd;
	const oldCount = old.starts.length;
	const newCount = starts.length;
	// Parts before the edit, same text at the same place.
	let prefix = 0;
	while (prefix + 1 < oldCount && prefix + 1 < newCount && old.starts[prefix + 1] <= change.start && starts[prefix + 1] === old.starts[prefix + 1] && nodeEnds[prefix] === old.nodeEnds[prefix]) prefix++;
	// Parts after the edit, same text moved by `delta`.
	let suffix = 0;
	while (suffix < Math.min(oldCount, newCount) - prefix - 1) {
		const o = oldCount - 1 - suffix;
		const n = newCount - 1 - suffix;
		if (old.starts[o] < change.oldEnd || starts[n] !== old.starts[o] + delta || nodeEnds[n] !== old.nodeEnds[o] + delta) break;
		suffix++;
	}
	const oldMiddle = { from: prefix, to: oldCount - suffix };
	const newMiddle = { from: prefix, to: newCount - suffix };
	const middleStart = partStart(starts, newMiddle.from);
	const middleEnd = partEnd(starts, newMiddle.to - 1, text.length);
	const oldMiddleEnd = partEnd(old.starts, oldMiddle.to - 1, previousText.length);
	// A part after the edit that starts on the edit's last line would move sideways too.
	const lineEnd = previousText.indexOf('\n', change.oldEnd);
	if (suffix > 0 && (lineEnd === -1 || lineEnd >= old.starts[oldMiddle.to])) return undefined;

	// Definitions of the parts outside the edit, by new part number.
	const outside = (part: number) => part < newMiddle.from || part >= newMiddle.to;
	const oldPart = (part: number) => (part < newMiddle.from ? part : part - newCount + oldCount);
	const definitionsOf = (part: number) => old.definitions[oldPart(part)];
	/** The new number of an old part outside the edit. */
	const newPart = (part: number) => (part < oldMiddle.from ? part : part + newCount - oldCount);
	const oldMiddlePart = (part: number) => part >= oldMiddle.from && part < oldMiddle.to;

	// Read the edited parts, with every part that defines a name they look up: first the names
	// they looked up before the edit, then any new ones, until the parts read define them all.
	const included = new Set<number>();
	for (let part = newMiddle.from; part < newMiddle.to; part++) included.add(part);
	// Each name is looked for once: the parts defining it are included from then on.
	const lookedFor = new Set<NameKey>();
	const includeDefiners = (wanted: Iterable<NameKey>) => {
		const names = new Set<NameKey>();
		for (const key of wanted) if (!lookedFor.has(key)) names.add(key);
		if (names.size === 0) return false;
		for (const key of names) lookedFor.add(key);
		let grew = false;
		for (let part = 0; part < newCount; part++) {
			if (included.has(part) || !outside(part)) continue;
			if (definitionsOf(part).some((defined) => readsDefinition(names, defined))) {
				included.add(part);
				grew = true;
			}
		}
		return grew;
	};
	// The parts read again: the edited ones, then every part that looked up a name whose
	// definition the re-read changed (a renamed import's users), until no definition changes.
	const reread = new Set<number>(included);
	// The links before the edit, numbered as now; an end in the edited parts is EDITED: it is
	// read again whatever its number now.
	const EDITED = -1;
	const oldLinks = old.links.map(([a, b]): [number, number] => [oldMiddlePart(a) ? EDITED : newPart(a), oldMiddlePart(b) ? EDITED : newPart(b)]);
	const isReread = (part: number) => part === EDITED || reread.has(part);
	/** Reads again the other end of each link one end of which is read again (their references are renumbered together); true when that added a part. */
	const readLinkedParts = (links: ReadonlyArray<[number, number]>) => {
		let grew = false;
		for (let changed = true; changed; ) {
			changed = false;
			for (const [a, b] of links) {
				if (isReread(a) === isReread(b)) continue;
				const added = isReread(a) ? b : a;
				reread.add(added);
				included.add(added);
				changed = grew = true;
			}
		}
		return grew;
	};
	// Past half the file, one read of the whole tree costs less than the bookkeeping.
	const tooMuch = () => {
		let includedLength = 0;
		for (const part of included) includedLength += partEnd(starts, part, text.length) - partStart(starts, part);
		return includedLength > text.length / 2;
	};
	const fileReads = new Set(old.fileReads);
	let extraction: Extraction | undefined;
	let definitions = new Map<number, Definition[]>();
	let reads = new Map<number, Set<NameKey>>();
	/** Links among the parts of the last extraction. */
	let links: Array<[number, number]> = [];
	for (let stale = 0; ; stale++) {
		if (stale > 4) return undefined;
		readLinkedParts(oldLinks);
		// The names the re-read parts looked up before the edit.
		const readBefore = new Set<NameKey>();
		if (stale === 0) for (let part = oldMiddle.from; part < oldMiddle.to; part++) for (const key of old.reads[part]) readBefore.add(key);
		else for (const part of reread) if (outside(part)) for (const key of old.reads[oldPart(part)]) readBefore.add(key);
		includeDefiners(readBefore);
		// From the first re-read part to the last: facts of the parts between are left out below.
		const first = Math.min(...reread);
		const last = Math.max(...reread);
		const focus = { startIndex: partStart(starts, first), endIndex: partEnd(starts, last, text.length) };
		for (let round = 0; ; round++) {
			if (round > 8 || tooMuch()) return undefined;
			extraction = extractParts(tree, text, [...included].sort((a, b) => a - b), starts, nodeEnds, focus, parser, adapter, language, options);
			if (!extraction) return undefined;
			// Outside the focus only the names are read, so the other parts' lookups are what their
			// definitions depend on (an `axios.create` instance on the `axios` import).
			if (!includeDefiners(extraction.log.reads.map((read) => read.key))) break;
		}

		// What the re-read parts define now, against before: another part that read a changed name is stale.
		definitions = new Map([...reread].map((part) => [part, []]));
		reads = new Map([...reread].map((part) => [part, new Set<NameKey>()]));
		for (const defined of extraction.log.definitions) definitions.get(partAt(starts, defined.startIndex))?.push(definition(defined.key, defined.meaning ?? text.slice(defined.startIndex, defined.endIndex)));
		for (const read of extraction.log.reads) {
			if (read.at < 0) fileReads.add(read.key);
			else reads.get(partAt(starts, read.at))?.add(read.key);
		}
		const before = [...old.definitions.slice(oldMiddle.from, oldMiddle.to), ...[...reread].filter(outside).map(definitionsOf)];
		const changed = changedDefinitions(before, [...definitions.values()]);
		// A re-read part's facts that now refer to a part not read again: read that one too.
		links = crossPartLinks(extraction.facts, (index) => partAt(starts, index));
		let grew = readLinkedParts(links);
		for (const defined of changed) {
			if (readsDefinition(fileReads, defined)) return undefined;
			for (let part = 0; part < newCount; part++) {
				if (reread.has(part) || !readsDefinition(old.reads[oldPart(part)], defined)) continue;
				reread.add(part);
				included.add(part);
				grew = true;
			}
		}
		if (!grew) break;
	}

	// The re-read parts' facts refer to no part outside them, nor does any other part's refer to
	// theirs (the rounds above read linked parts together): their numbering is theirs alone.
	const facts = extraction.facts;
	const freshLinks = links.filter(([a]) => reread.has(a));
	const keptLinks = oldLinks.filter(([a, b]) => a !== EDITED && b !== EDITED && !reread.has(a));

	// Merge: facts before the edit as they were, the edited parts' facts, the rest moved.
	const lines = countLines(text, change.start, change.newEnd) - countLines(previousText, change.start, change.oldEnd);
	const splice = { middleStart, oldMiddleEnd, middleEnd, delta, lines };
	const staleParts = [...reread].filter(outside);
	const merged = staleParts.length === 0 ? mergeFacts(previous.facts, facts, splice) : mergeScattered(previous.facts, facts, splice, staleParts, (part) => partStart(starts, part), (part) => partEnd(starts, part, text.length));
	const middleParts = Array.from({ length: newMiddle.to - newMiddle.from }, (_, at) => newMiddle.from + at);
	const renewed = <T>(list: readonly T[], now: Map<number, T>) => {
		const result = [...list.slice(0, oldMiddle.from), ...middleParts.map((part) => now.get(part)!), ...list.slice(oldMiddle.to)];
		for (const part of staleParts) result[part] = now.get(part)!;
		return result;
	};
	return {
		facts: merged,
		parts: { starts, nodeEnds, definitions: renewed(old.definitions, definitions), reads: renewed(old.reads, reads), fileReads, links: [...keptLinks, ...freshLinks] },
	};
}

/**
 * Parses some top-level statements of a document alone (tree-sitter's included ranges), and
 * keeps its last tree: told of each edit, that tree makes the next parse of the same
 * statements an incremental one.
 */
export class PartParser {
	private last: Tree | undefined;

	constructor(private readonly parser: Parser) {}

	/** An edit of the document (the kept tree's coordinates are the document's). */
	edit(edit: Edit): void {
		this.last?.edit(edit);
	}

	/** A tree of the text in `ranges` alone; it belongs to the parser, and lives until the next parse. */
	parse(text: string, ranges: Range[]): Tree | undefined {
		const tree = parseInPieces(this.parser, text, nextBoundary(ranges, text.length), this.last ?? null, { includedRanges: ranges });
		this.forget();
		this.last = tree ?? undefined;
		return this.last;
	}

	/** Drops the kept tree (the document starts afresh). */
	forget(): void {
		this.last?.delete();
		this.last = undefined;
	}

	delete(): void {
		this.forget();
		this.parser.delete();
	}
}

/** Facts of the given parts alone, from a parse of just their text; undefined when that parse differs from the whole one's. */
function extractParts(tree: Tree, text: string, parts: number[], starts: number[], nodeEnds: number[], focus: Focus, parser: PartParser, adapter: LanguageAdapter, language: LanguageId, options: AdapterOptions): Extraction | undefined {
	const ranges: Range[] = [];
	for (let i = 0; i < parts.length; ) {
		let j = i;
		while (j + 1 < parts.length && parts[j + 1] === parts[j] + 1) j++;
		const start = partStart(starts, parts[i]);
		const end = partEnd(starts, parts[j], text.length);
		ranges.push({ startIndex: start, endIndex: end, startPosition: pointAt(tree, text, start), endPosition: pointAt(tree, text, end) });
		i = j + 1;
	}
	const partial = parser.parse(text, ranges);
	if (!partial) return undefined;
	const shape = topLevel(partial);
	if (partial.rootNode.hasError || shape.starts.length !== parts.length || parts.some((part, i) => shape.starts[i] !== starts[part] || shape.nodeEnds[i] !== nodeEnds[part])) return undefined;
	const log = new NameLog();
	const facts = canonicalFacts(withNameLog(log, () => adapter.extractFacts(partial, language, options, focus)));
	return { facts, log };
}

/** The next range boundary after `index`: a parse with included ranges reads from range starts. */
function nextBoundary(ranges: readonly Range[], length: number): (index: number) => number {
	const boundaries = ranges.flatMap((range) => [range.startIndex, range.endIndex]);
	return (index: number) => boundaries[countAtOrBelow(boundaries, index)] ?? length;
}

interface Splice {
	/** Where the edited parts start (the same before and after the edit). */
	middleStart: number;
	/** Where they ended before the edit, and end now. */
	oldMiddleEnd: number;
	middleEnd: number;
	delta: number;
	lines: number;
}

/**
 * Before-edit facts outside the edited parts, with the edited parts' new facts in between,
 * renumbered. Ids are positions in document order, and no fact outside the edited parts refers
 * to one inside: the facts before the edit keep their objects (unless they refer past it), the
 * later ones are moved (fresh copies) and their ids shifted by how many calls and retries the edit added.
 */
function mergeFacts(before: FileFacts, edited: FileFacts, splice: Splice): FileFacts {
	const { middleStart, oldMiddleEnd, middleEnd, delta, lines } = splice;
	const inMiddle = (fact: { span: Span }) => fact.span.startIndex >= middleStart && fact.span.startIndex < middleEnd;
	const head = <T extends { span: Span }>(facts: T[]) => facts.filter((fact) => fact.span.startIndex < middleStart);
	const tail = <T extends { span: Span }>(facts: T[]) => facts.filter((fact) => fact.span.startIndex >= oldMiddleEnd).map((fact) => shifted(fact, delta, lines));
	const pick = <T extends { span: Span }>(take: (facts: FileFacts) => T[]) => [...head(take(before)), ...take(edited).filter(inMiddle), ...tail(take(before))];

	const callsHead = head(before.httpCalls);
	const callsMiddle = edited.httpCalls.filter(inMiddle);
	const callsTail = tail(before.httpCalls);
	const retriesHead = head(before.retries);
	const retriesMiddle = edited.retries.filter(inMiddle);
	const retriesTail = tail(before.retries);
	// Before-edit ids: unchanged before the edit, shifted after it.
	const callShift = callsMiddle.length - (before.httpCalls.length - callsHead.length - callsTail.length);
	const retryShift = retriesMiddle.length - (before.retries.length - retriesHead.length - retriesTail.length);
	const callId = (id: number) => (id < callsHead.length ? id : id + callShift);
	const retryId = (id: number) => (id < retriesHead.length ? id : id + retryShift);
	// The edited parts' ids: their place among the merged facts.
	const middleCallIds = new Map(callsMiddle.map((call, at) => [call.id, callsHead.length + at]));
	const middleRetryIds = new Map(retriesMiddle.map((retry, at) => [retry.id, retriesHead.length + at]));
	const middleCallId = (id: number) => middleCallIds.get(id) ?? id;
	const middleRetryId = (id: number) => middleRetryIds.get(id) ?? id;

	type Call = FileFacts['httpCalls'][number];
	type Retry = FileFacts['retries'][number];
	type Catch = FileFacts['catches'][number];
	const call = (calls: (id: number) => number, retries: (id: number) => number) => (fact: Call): Call => ({ ...fact, id: calls(fact.id), retryId: fact.retryId === undefined ? undefined : retries(fact.retryId) });
	const retry = (calls: (id: number) => number, retries: (id: number) => number) => (fact: Retry): Retry => ({ ...fact, id: retries(fact.id), callIds: fact.callIds.map(calls) });
	const clause = (calls: (id: number) => number) => (fact: Catch): Catch => ({ ...fact, guardedCallIds: fact.guardedCallIds.map(calls) });
	const moved = callShift !== 0 || retryShift !== 0;
	// A fact before the edit that names one after it (`pRetry(() => load(id))` above `load`).
	const catchesHead = head(before.catches);
	const pastHead = moved && (callsHead.some((fact) => fact.retryId !== undefined && fact.retryId >= retriesHead.length) || retriesHead.some((fact) => fact.callIds.some((id) => id >= callsHead.length)) || catchesHead.some((fact) => fact.guardedCallIds.some((id) => id >= callsHead.length)));
	return {
		language: before.language,
		imports: pick((facts) => facts.imports),
		httpCalls: [...(pastHead ? callsHead.map(call(callId, retryId)) : callsHead), ...callsMiddle.map(call(middleCallId, middleRetryId)), ...(moved ? callsTail.map(call(callId, retryId)) : callsTail)],
		retries: [...(pastHead ? retriesHead.map(retry(callId, retryId)) : retriesHead), ...retriesMiddle.map(retry(middleCallId, middleRetryId)), ...(moved ? retriesTail.map(retry(callId, retryId)) : retriesTail)],
		catches: [...(pastHead ? catchesHead.map(clause(callId)) : catchesHead), ...edited.catches.filter(inMiddle).map(clause(middleCallId)), ...(callShift !== 0 ? tail(before.catches).map(clause(callId)) : tail(before.catches))],
		authRefreshes: pick((facts) => facts.authRefreshes),
		statusCodeRefs: pick((facts) => facts.statusCodeRefs),
	};
}

/**
 * `mergeFacts` when parts away from the edit were read again too (they looked up a name the
 * edit redefined): the before-edit facts outside every re-read part, moved past the edit, and
 * the re-read parts' new facts, in document order and numbered afresh.
 */
function mergeScattered(before: FileFacts, edited: FileFacts, splice: Splice, staleParts: readonly number[], startOf: (part: number) => number, endOf: (part: number) => number): FileFacts {
	const { middleStart, oldMiddleEnd, middleEnd, delta, lines } = splice;
	const stale = staleParts.map((part) => ({ start: startOf(part), end: endOf(part) }));
	const reread = (index: number) => (index >= middleStart && index < middleEnd) || stale.some((span) => index >= span.start && index < span.end);
	// A before-edit fact stays unless its part was read again; after the edit, it moves.
	const kept = <T extends { span: Span }>(facts: readonly T[]) =>
		facts.flatMap((fact) => {
			const start = fact.span.startIndex;
			if (start >= middleStart && start < oldMiddleEnd) return [];
			const now = start < middleStart ? fact : shifted(fact, delta, lines);
			return reread(now.span.startIndex) ? [] : [now];
		});
	const fresh = <T extends { span: Span }>(facts: readonly T[]) => facts.filter((fact) => reread(fact.span.startIndex));

	// Calls and retries of both sources in document order; each source's ids mapped to the new ones.
	const calls = [...kept(before.httpCalls).map((fact) => ({ fact, old: true })), ...fresh(edited.httpCalls).map((fact) => ({ fact, old: false }))].sort((a, b) => byStart(a.fact, b.fact));
	const retries = [...kept(before.retries).map((fact) => ({ fact, old: true })), ...fresh(edited.retries).map((fact) => ({ fact, old: false }))].sort((a, b) => byStartAndHead(a.fact, b.fact));
	const ids = (list: ReadonlyArray<{ fact: { id: number }; old: boolean }>, old: boolean) => new Map(list.flatMap((item, at) => (item.old === old ? [[item.fact.id, at] as const] : [])));
	const callIds = { old: ids(calls, true), fresh: ids(calls, false) };
	const retryIds = { old: ids(retries, true), fresh: ids(retries, false) };
	const renumber = (map: Map<number, number>, id: number) => map.get(id) ?? id;
	const catches = [...kept(before.catches).map((fact) => ({ fact, old: true })), ...fresh(edited.catches).map((fact) => ({ fact, old: false }))].sort((a, b) => byStartAndHead(a.fact, b.fact));
	return {
		language: before.language,
		imports: [...kept(before.imports), ...fresh(edited.imports)].sort(byStart),
		httpCalls: calls.map(({ fact, old }, id) => ({ ...fact, id, retryId: fact.retryId === undefined ? undefined : renumber(old ? retryIds.old : retryIds.fresh, fact.retryId) })),
		retries: retries.map(({ fact, old }, id) => ({ ...fact, id, callIds: fact.callIds.map((call) => renumber(old ? callIds.old : callIds.fresh, call)) })),
		catches: catches.map(({ fact, old }) => ({ ...fact, guardedCallIds: fact.guardedCallIds.map((call) => renumber(old ? callIds.old : callIds.fresh, call)) })),
		authRefreshes: [...kept(before.authRefreshes), ...fresh(edited.authRefreshes)].sort(byStartAndHead),
		statusCodeRefs: [...kept(before.statusCodeRefs), ...fresh(edited.statusCodeRefs)].sort(byStart),
	};
}
