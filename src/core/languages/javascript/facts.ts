// Turns one JavaScript/TypeScript tree into facts: a single walk collects the nodes of
// interest, then imports and bindings, HTTP calls, retries, catches, auth-refresh
// handlers and status references are read from those lists.
import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';
import type { FileFacts, HttpCall, LanguageId, RetryConstruct } from '../../types';
import type { AdapterOptions, Focus } from '../adapter';
import { emptyFacts, inFocus, spanOf } from '../adapter';
import { safely } from '../common/tree';
import { authRefreshHandlers, catchClauses, promiseCatch } from './catches';
import { bindingForImport, importFact, instanceBinding, readImportStatement, readRequire, recogniseCall, type Binding, type ModuleImport } from './clients';
import type { CallInfo, FileContext } from './context';
import { axiosRetry, clientRetryOption, exponentialBackoff, pRetry } from './libraries';
import { responseUse } from './responses';
import { catchRetry, loopRetry, promiseChainRetry, recursionRetry, type RetryDraft } from './retries';
import { statusCodeRefs } from './status';
import { anchored, defineName, LoggedMap, lookUpName, readingAt, recordingNames } from '../names';
import { addToIndex, callArguments, FUNCTION_TYPES, nearestDeclaration, functionName, INDEXED_TYPES, LOOP_TYPES, newIndex, setActiveIndex, unwrap, type NodeIndex, collectTyped, typeSet, field, fieldOf, parentOf, textOf, typeOf } from './syntax';

/** The nodes one walk collects. */
interface Collected {
	imports: Node[];
	declarators: Node[];
	assignments: Node[];
	calls: Node[];
	loops: Node[];
	tries: Node[];
	ifs: Node[];
	functions: Node[];
	statusCandidates: Node[];
	/** Names declared as something other than an import (to tell global `fetch` apart). */
	localFetch: boolean;
}

/** Node types the walk collects (the index's, and the lists below). */
const WALKED = [
	...INDEXED_TYPES,
	'import_statement',
	'for_statement',
	'while_statement',
	'do_statement',
	'for_in_statement',
	'number',
	'member_expression',
];

const queries = new Map<string, Query>();
const unnamedQueries = new WeakMap<Language, Query>();

/**
 * One query per grammar captures every node the readers need: web-tree-sitter makes a
 * JS object for every node a cursor lands on, so a walk over the whole tree costs more
 * than the parse; the query hands back only the captured ones.
 */
function queryFor(language: Language): Query {
	const key = language.name ?? '';
	let query = key ? queries.get(key) : unnamedQueries.get(language);
	if (!query) {
		const has = (type: string) => !!language.idForNodeType(type, true);
		const patterns = WALKED.filter(has).map((type) => `(${type}) @${type}`);
		query = new Query(language, patterns.join('\n'));
		if (key) queries.set(key, query);
		else unnamedQueries.set(language, query);
	}
	return query;
}

/**
 * A parameter named `fetch` (`function f(fetch) {}`): calls of it are not the global. The
 * first one settles it, unless the name log wants every one.
 */
function fetchParameter(root: Node, text: string): boolean {
	const base = root.startIndex;
	const pattern = /(?<![\w$\\])fetch(?![\w$])/g;
	let found = false;
	// A tree of some parts of the file (incremental.ts) holds no node in the text between them;
	// each range's text is searched alone, with a character either side for the look-arounds.
	for (const range of root.tree.getIncludedRanges()) {
		const offset = Math.max(range.startIndex - base - 1, 0);
		const searched = text.slice(offset, Math.max(range.endIndex - base + 1, offset));
		pattern.lastIndex = Math.max(range.startIndex - base, 0) - offset;
		for (let match = pattern.exec(searched); match && match.index + offset + base < range.endIndex; match = pattern.exec(searched)) {
			const at = match.index + offset + base;
			const leaf = root.descendantForIndex(at, at + 5);
			if (!leaf || leaf.startIndex !== at || leaf.text !== 'fetch') continue;
			const parent = leaf.parent;
			if (parent?.type === 'formal_parameters' || (parent?.type === 'required_parameter' && field(parent, 'pattern')?.id === leaf.id)) {
				found = true;
				defineName('local-fetch', 'fetch', leaf);
				if (!recordingNames()) return true;
			}
		}
	}
	return found;
}

function walk(root: Node, index: NodeIndex): Collected {
	const found: Collected = { imports: [], declarators: [], assignments: [], calls: [], loops: [], tries: [], ifs: [], functions: [], statusCandidates: [], localFetch: false };
	const captures = queryFor(root.tree.language).captures(root);
	const seen = new Set<number>();
	const nodes: Array<{ node: Node; type: string; start: number; end: number }> = [];
	found.localFetch = fetchParameter(root, index.text);
	for (const capture of captures) {
		const node = capture.node;
		if (seen.has(node.id)) continue;
		seen.add(node.id);
		// The readers ask most of these nodes their type again (each answer a call into WebAssembly).
		index.typesById.set(node.id, capture.name);
		nodes.push({ node, type: capture.name, start: node.startIndex, end: node.endIndex });
	}
	// Document order: by start, an enclosing node before the nodes it holds.
	nodes.sort((a, b) => a.start - b.start || b.end - a.end);
	const open: number[] = [];
	for (const { node, type, start, end } of nodes) {
		while (open.length > 0 && !(index.starts[open[open.length - 1]] <= start && end <= index.ends[open[open.length - 1]])) open.pop();
		const entry = INDEXED_TYPES.has(type) ? addToIndex(index, node, type, open.length > 0 ? open[open.length - 1] : -1, start, end) : -1;
		switch (type) {
			case 'import_statement':
				found.imports.push(node);
				break;
			case 'variable_declarator':
				found.declarators.push(node);
				// Outside functions: visible to `nearestDeclaration` from any statement of the file.
				const name = field(node, 'name');
				if (open.length === 0 && name && typeOf(name) === 'identifier') defineName('outer-declaration', textOf(name), node);
				if (textOf(name) === 'fetch') {
					found.localFetch = true;
					defineName('local-fetch', 'fetch', node);
				}
				break;
			case 'assignment_expression':
				found.assignments.push(node);
				break;
			case 'call_expression':
				found.calls.push(node);
				break;
			case 'for_statement':
			case 'while_statement':
			case 'do_statement':
			case 'for_in_statement':
				found.loops.push(node);
				break;
			case 'try_statement':
				found.tries.push(node);
				break;
			case 'if_statement':
				found.ifs.push(node);
				break;
			case 'number':
			case 'member_expression':
				// `a` in `a.b` is dropped later, when it reads as a status at all.
				found.statusCandidates.push(node);
				index.literals.nodes.push(node);
				index.literals.starts.push(start);
				index.literals.ends.push(end);
				break;
			case 'function_declaration':
				if (textOf(field(node, 'name')) === 'fetch') {
					found.localFetch = true;
					defineName('local-fetch', 'fetch', node);
				}
				found.functions.push(node);
				break;
			default:
				if (FUNCTION_TYPES.has(type)) found.functions.push(node);
		}
		if (entry !== -1 && FUNCTION_TYPES.has(type)) open.push(entry);
	}
	return found;
}

export function extractJavascriptFacts(tree: Tree, language: LanguageId, options: AdapterOptions, focus?: Focus): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	const text = root.text;
	const index = newIndex(root, text);
	setActiveIndex(index);
	try {
		const found = walk(root, index);
		return extractWithIndex(facts, text, found, options, focus);
	} finally {
		setActiveIndex(undefined);
	}
}

/** The constructs to read facts of: those starting inside `focus`, or all. */
function anchorsIn(found: Collected, focus: Focus | undefined): Collected {
	if (!focus) return found;
	const inside = (node: Node) => inFocus(focus, node);
	return { ...found, calls: found.calls.filter(inside), loops: found.loops.filter(inside), tries: found.tries.filter(inside), ifs: found.ifs.filter(inside), functions: found.functions.filter(inside), statusCandidates: found.statusCandidates.filter(inside) };
}

/** The modules whose imported functions the retry readers recognise by name. */
const RETRY_LIBRARIES: ReadonlySet<string> = new Set(['axios-retry', 'p-retry', 'exponential-backoff']);

function extractWithIndex(facts: FileFacts, text: string, found: Collected, options: AdapterOptions, focus: Focus | undefined): FileFacts {

	// Imports and requires -> bindings.
	const bindings = new Map<string, Binding>();
	// Only the retry libraries' names: no reader asks what other modules a name comes from, so
	// typing in any other import re-reads no statement that uses its names.
	const importedNames = new Map<string, { module: string; imported: string }>();
	const addModule = (imported: ModuleImport, node: Node) => {
		facts.imports.push(importFact(imported.module, node));
		for (const [local, name] of imported.names) {
			if (RETRY_LIBRARIES.has(imported.module)) {
				importedNames.set(local, { module: imported.module, imported: name });
				defineName('import', local, node, `${imported.module}\0${name}`);
			}
			const binding = bindingForImport(imported.module, name) ?? (imported.module === 'undici' && (name === '*' || name === 'default') ? { kind: 'module', module: 'undici' } : undefined);
			if (binding) {
				bindings.set(local, binding);
				defineName('binding', local, node, JSON.stringify(binding));
			}
		}
	};
	for (const node of found.imports) {
		const imported = readImportStatement(node);
		if (imported) addModule(imported, node);
	}
	for (const declarator of found.declarators) {
		const imported = readRequire(declarator);
		if (imported) addModule(imported, declarator);
	}
	// Instances: `const api = axios.create({...})`, `this.http = got.extend({...})`.
	const instanceCreations: Array<{ binding: Binding; creation: Node }> = [];
	const bindInstance = (target: Node | null, value: Node | null) => {
		const call = unwrap(value);
		if (!target || call?.type !== 'call_expression') return;
		const callee = unwrap(field(call, 'function'));
		if (callee?.type !== 'member_expression') return;
		const method = field(callee, 'property')?.text;
		const parentName = unwrap(field(callee, 'object'))?.text ?? '';
		lookUpName('binding', parentName);
		const parent = bindings.get(parentName);
		if (!parent || parent.kind !== 'client' || !method || !['create', 'extend'].includes(method)) return;
		const binding = instanceBinding(parent, callArguments(call)[0]);
		if (!binding) return;
		bindings.set(target.text, binding);
		defineName('binding', target.text, call);
		instanceCreations.push({ binding, creation: call });
	};
	for (const declarator of found.declarators) readingAt(declarator, () => bindInstance(field(declarator, 'name'), field(declarator, 'value')));
	for (const assignment of found.assignments) readingAt(assignment, () => bindInstance(field(assignment, 'left'), field(assignment, 'right')));
	// `axios.defaults.timeout = ...` makes every call's timeout something we cannot see.
	for (const assignment of found.assignments) {
		const left = field(assignment, 'left')?.text ?? '';
		const match = /^(.+)\.defaults\.timeout$/.exec(left);
		if (!match) continue;
		readingAt(assignment, () => lookUpName('binding', match[1]));
		const binding = bindings.get(match[1]);
		if (binding?.kind !== 'client') continue;
		binding.timeout = 'set';
		defineName('binding', match[1], assignment);
	}

	// Local declarations the delay and status readers look up.
	const functions = new Map<string, Node>();
	for (const fn of found.functions) {
		const named = functionName(fn);
		if (!named) continue;
		defineName('function', named.name, fn);
		if (!functions.has(named.name)) functions.set(named.name, fn);
	}

	// HTTP calls.
	const extra = new Set(options.extraHttpFunctions);
	lookUpName('local-fetch', 'fetch');
	lookUpName('binding', 'fetch');
	const fetchIsGlobal = !found.localFetch || bindings.has('fetch');
	const loggedBindings = new LoggedMap('binding', bindings);
	const calls: CallInfo[] = [];
	const callByNode = new Map<number, CallInfo>();
	for (const node of found.calls) {
		const recognised = readingAt(node, () => recogniseCall(node, loggedBindings, fetchIsGlobal, extra));
		if (!recognised) continue;
		const fact: HttpCall = {
			id: calls.length,
			span: spanOf(node),
			calleeSpan: spanOf(recognised.callee),
			client: recognised.client,
			throwsOnHttpError: recognised.throwsOnHttpError,
			method: recognised.method,
			timeout: recognised.timeout,
			response: recognised.client === 'node:http' ? { statusChecked: false, bodyUsed: false, escapes: true } : responseUse(node),
			idempotencyKey: 'none',
		};
		const info = { fact, recognised };
		calls.push(info);
		callByNode.set(node.startIndex, info);
	}
	facts.httpCalls = calls.map((call) => call.fact);
	const loggedImports = new LoggedMap('import', importedNames);
	const context: FileContext = { calls, callByNode, importedNames: loggedImports, text, functions: new LoggedMap('function', functions) };

	// Retries. The rest of the file is read for its names only, when there is a focus.
	const anchors = anchorsIn(found, focus);
	const focused = (node: Node) => inFocus(focus, node);
	const drafts: RetryDraft[] = [];
	const loopRetries = new Set<number>();
	for (const loop of anchors.loops) {
		const draft = anchored(loop, () => loopRetry(loop, context));
		if (draft) {
			drafts.push(draft);
			loopRetries.add(loop.id);
		}
	}
	for (const fn of anchors.functions) {
		const draft = anchored(fn, () => recursionRetry(fn, context));
		if (draft) drafts.push(draft);
	}
	for (const tryStatement of anchors.tries) {
		if (insideRetryLoop(tryStatement, loopRetries)) continue;
		const draft = anchored(tryStatement, () => catchRetry(tryStatement, context));
		if (draft) drafts.push(draft);
	}
	for (const node of anchors.calls) {
		const callee = unwrap(field(node, 'function'));
		const calleeType = callee ? typeOf(callee) : undefined;
		const name = calleeType === 'identifier' ? textOf(callee) : calleeType === 'member_expression' ? textOf(fieldOf(callee, 'property')) : undefined;
		if (!name) continue;
		const draft = anchored(node, (): RetryDraft | undefined => {
			const imported = calleeType === 'identifier' ? loggedImports.get(name) : loggedImports.get(textOf(unwrap(fieldOf(callee, 'object'))) ?? '');
			if (imported?.module === 'axios-retry' && (calleeType === 'identifier' || name === 'default')) return axiosRetry(node, context);
			if (imported?.module === 'p-retry' && calleeType === 'identifier' && imported.imported !== 'AbortError') return pRetry(node, context);
			if (imported?.module === 'exponential-backoff' && (imported.imported === 'backOff' || name === 'backOff')) return exponentialBackoff(node, context);
			if (name === 'catch') return promiseChainRetry(node, context);
			return undefined;
		});
		if (draft) drafts.push(draft);
	}
	for (const call of calls) {
		const pair = call.recognised.retryPair;
		if (pair && (call.recognised.client === 'got' || call.recognised.client === 'ky') && focused(call.recognised.node)) {
			const draft = anchored(call.recognised.node, () => clientRetryOption(pair, call.recognised.client as 'got' | 'ky', [call.fact.id], context));
			if (draft) drafts.push(draft);
		}
	}
	for (const { binding, creation } of instanceCreations) {
		if (binding.kind === 'client' && binding.retryPair && (binding.client === 'got' || binding.client === 'ky') && focused(creation)) {
			const draft = anchored(creation, () => clientRetryOption(binding.retryPair!, binding.client as 'got' | 'ky', [], context));
			if (draft) drafts.push(draft);
		}
	}
	drafts.sort((a, b) => a.span.startIndex - b.span.startIndex);
	facts.retries = drafts.map((draft, id): RetryConstruct => ({ id, ...draft }));
	assignRetryIds(facts);
	for (const call of calls) if (focused(call.recognised.node)) call.fact.idempotencyKey = anchored(call.recognised.node, () => idempotencyKey(call, facts)) ?? 'unknown';

	// Catches: a catch that belongs to a retry loop is the retry's own, and is handled.
	const retrySpans = facts.retries.filter((retry) => retry.kind === 'loop').map((retry) => retry.span);
	const inRetry = (clause: Node) => {
		const start = clause.startIndex;
		const end = clause.endIndex;
		return retrySpans.some((span) => start >= span.startIndex && end <= span.endIndex);
	};
	facts.catches = safely(() => catchClauses(anchors.tries, context, inRetry)) ?? [];
	for (const node of anchors.calls) {
		const clause = anchored(node, () => promiseCatch(node, context));
		if (clause) facts.catches.push(clause);
	}
	const clientNames = { has: (name: string) => loggedBindings.get(name)?.kind === 'client' };
	facts.authRefreshes = safely(() => authRefreshHandlers({ calls: anchors.calls, ifs: anchors.ifs }, context, clientNames)) ?? [];
	facts.statusCodeRefs = safely(() => statusCodeRefs(anchors.statusCandidates)) ?? [];
	return facts;
}

function insideRetryLoop(node: Node, loopRetries: ReadonlySet<number>): boolean {
	for (let current = parentOf(node); current; current = parentOf(current)) {
		if (FUNCTION_TYPES.has(typeOf(current))) return false;
		if (LOOP_TYPES.has(typeOf(current)) && loopRetries.has(current.id)) return true;
	}
	return false;
}

/** Each call's innermost retry: the smallest construct that lists it. */
function assignRetryIds(facts: FileFacts): void {
	for (const retry of facts.retries) {
		for (const id of retry.callIds) {
			const call = facts.httpCalls[id];
			if (!call) continue;
			const current = call.retryId === undefined ? undefined : facts.retries[call.retryId];
			const size = (r: RetryConstruct) => r.span.endIndex - r.span.startIndex;
			if (!current || size(retry) < size(current)) call.retryId = retry.id;
		}
	}
}

const KEY_GENERATOR = /randomUUID|uuid|uuidv4|v4|nanoid|ulid|cuid|createId|generateId|randomBytes/i;

/** The Idempotency-Key header of a call, and whether its value is made per attempt. */
function idempotencyKey(call: CallInfo, facts: FileFacts): HttpCall['idempotencyKey'] {
	const options = unwrap(call.recognised.options);
	if (!options) return 'none';
	if (options.type !== 'object') return 'unknown';
	const headersPair = options.namedChildren.find((child) => child?.type === 'pair' && /^['"]?headers['"]?$/.test(field(child, 'key')?.text ?? ''));
	const shorthand = options.namedChildren.some((child) => child?.type === 'shorthand_property_identifier' && child.text === 'headers');
	if (shorthand) return 'unknown';
	const headers = unwrap(fieldOf(headersPair, 'value'));
	if (!headers) return options.namedChildren.some((child) => child?.type === 'spread_element') ? 'unknown' : 'none';
	if (headers.type !== 'object') return 'unknown';
	const keyPair = headers.namedChildren.find((child) => child?.type === 'pair' && /^['"`]?(x-)?idempotency-key['"`]?$/i.test(field(child, 'key')?.text ?? ''));
	if (!keyPair) return headers.namedChildren.some((child) => child?.type === 'spread_element') ? 'unknown' : 'none';
	const value = unwrap(field(keyPair, 'value'));
	if (!value) return 'unknown';
	if (collectTyped(keyPair, typeSet('call_expression'), (n) => KEY_GENERATOR.test(field(n, 'function')?.text ?? '')).length > 0) return 'fresh-per-call';
	if (value.type !== 'identifier') return 'literal-or-outer';
	// A variable: made inside the retried part (from a generator) or outside it.
	const retry = call.fact.retryId !== undefined ? facts.retries[call.fact.retryId] : undefined;
	const declaration = nearestDeclaration(value);
	if (!declaration || !retry) return 'literal-or-outer';
	const insideRetry = declaration.startIndex >= retry.span.startIndex && declaration.endIndex <= retry.span.endIndex && (retry.kind === 'loop' || retry.kind === 'library' || retry.kind === 'recursion');
	const generated = KEY_GENERATOR.test(field(declaration, 'value')?.text ?? '');
	return insideRetry && generated ? 'fresh-per-call' : 'literal-or-outer';
}

