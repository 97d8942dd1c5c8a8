// The Python adapter: requests, httpx, aiohttp, urllib3 and urlopen calls; hand-written retry
// loops, recursion and except-retries; tenacity, backoff and urllib3 `Retry`; except clauses;
// 401 refresh branches; status references. The pieces live in `python/`; this file walks the
// tree once, sorts its nodes by kind, and hands them to those readers.
import { engineAdapter } from './common/adapter';
import type { Node, Tree } from 'web-tree-sitter';
import { lastAtOrBefore } from '../sorted';
import type { FileFacts, LanguageId, RetryConstruct } from '../types';
import type { AdapterOptions, Focus } from './adapter';
import { emptyFacts, inFocus, spanOf } from './adapter';
import { authRefreshHandlers } from './common/handlers';
import { assignRetryIds, type RetryDraft } from './common/retries';
import { kids, safely, treeNodes } from './common/tree';
import { type ClientBinding, readClients, recogniseCalls, responseVariable } from './python/clients';
import { anchored, defineName, defineStatements, LoggedMap, lookUpEveryName, lookUpName, readingAt, recordingNames } from './names';
import { makeDialect, NameSet, parameterNames, type PythonScope } from './python/dialect';
import { catchClauses, idempotencyKeyOf, statusRefs, tryStatements } from './python/handlers';
import { backoffRetry, type LibraryContext, tenacityRetry, urllib3Retry } from './python/libraries';
import { catchRetries, loopRetry, recursionRetry, type RetryContext } from './python/retries';
import { calleeName, calleeOf, canonicalPath, ImportTable } from './python/syntax';

/** The nodes the readers work from, gathered in one walk. */
interface Inventory {
	imports: Node[];
	calls: Node[];
	assignments: Node[];
	withItems: Node[];
	functions: Node[];
	decorated: Node[];
	loops: Node[];
	tries: Node[];
	integers: Node[];
	attributes: Node[];
}

function inventory(root: Node): Inventory {
	const found: Inventory = { imports: [], calls: [], assignments: [], withItems: [], functions: [], decorated: [], loops: [], tries: [], integers: [], attributes: [] };
	for (const node of treeNodes(root)) {
		switch (node.type) {
			case 'import_statement':
			case 'import_from_statement':
				found.imports.push(node);
				break;
			case 'call':
				found.calls.push(node);
				break;
			case 'assignment':
				found.assignments.push(node);
				break;
			case 'with_item':
				found.withItems.push(node);
				break;
			case 'function_definition':
				found.functions.push(node);
				break;
			case 'decorated_definition':
				found.decorated.push(node);
				break;
			case 'for_statement':
			case 'while_statement':
				found.loops.push(node);
				break;
			case 'try_statement':
				found.tries.push(node);
				break;
			case 'integer':
				found.integers.push(node);
				break;
			case 'attribute':
				found.attributes.push(node);
				break;
		}
	}
	return found;
}

const HTTP_MODULES = ['requests', 'httpx', 'aiohttp'] as const;
const CLIENT_PARAMETER = /^(session|http_session|client|http_client|http|sess)$/;

/**
 * Parameters such as `session` or `client` hold a client made elsewhere when the file uses
 * exactly one HTTP library: its calls are HTTP calls whose timeout we cannot see. The imports
 * are looked up by each function with such a parameter.
 */
function parameterClients(functions: readonly Node[], imports: ImportTable, clients: Map<string, ClientBinding>): void {
	const fileLibrary = () => {
		const used = HTTP_MODULES.filter((module) => imports.imports(module));
		return used.length !== 1 || imports.imports('sqlalchemy') || imports.imports('django') ? undefined : used[0];
	};
	for (const fn of functions) {
		readingAt(fn, () => {
			for (const param of kids(fn.childForFieldName('parameters'))) {
				const name = param.type === 'identifier' ? param.text : param.type === 'default_parameter' ? param.childForFieldName('name')?.text : undefined;
				if (!name || !CLIENT_PARAMETER.test(name)) continue;
				const library = fileLibrary();
				if (!library) return;
				lookUpName('binding', name);
				if (clients.has(name)) continue;
				clients.set(name, { library, timeout: 'unknown', raises: false });
				defineName('binding', name, param);
			}
		});
	}
}

const ONCE_PARAMETER = /^_?(retry|retried|is_retry|attempts?|retries|tries|refreshed|replayed|second_try|retry_count|depth)$/i;

/**
 * A refresh branch that checks an attempt parameter inside (`if attempt > 0: raise`) or passes it
 * on changed (`attempt=attempt + 1`) replays at most a bounded number of times.
 */
function guardedInside(root: Node, span: { startIndex: number; endIndex: number }): boolean {
	const branch = root.descendantForIndex(span.startIndex, Math.max(span.startIndex, span.endIndex - 1));
	let fn: Node | null = branch;
	while (fn && fn.type !== 'function_definition') fn = fn.parent;
	if (!fn || !branch) return false;
	// The root of a tree of some parts (incremental.ts) starts at the first of them.
	const text = root.text.slice(span.startIndex - root.startIndex, span.endIndex - root.startIndex);
	return parameterNames(fn).some((param) => ONCE_PARAMETER.test(param) && new RegExp(`\\b${param}\\b`).test(text));
}

/** The index of the top-level statement holding an index (the last starting at or before it). */
function statementFinder(root: Node): (index: number) => number {
	const starts = root.children.flatMap((child) => (child ? [child.startIndex] : []));
	return (index) => lastAtOrBefore(starts, index);
}

/** Text of a file in which a 401 refresh can be read at all. */
const MENTIONS_401 = /401|unauthori[sz]ed|UNAUTHORIZED/;

/** The constructs to read facts of: those starting inside `focus`, or all. */
function anchorsIn(found: Inventory, focus: Focus | undefined): Inventory {
	if (!focus) return found;
	const inside = (node: Node) => inFocus(focus, node);
	return {
		imports: found.imports.filter(inside),
		calls: found.calls.filter(inside),
		assignments: found.assignments.filter(inside),
		withItems: found.withItems.filter(inside),
		functions: found.functions.filter(inside),
		decorated: found.decorated.filter(inside),
		loops: found.loops.filter(inside),
		tries: found.tries.filter(inside),
		integers: found.integers.filter(inside),
		attributes: found.attributes.filter(inside),
	};
}

/**
 * Facts of a Python tree. Every look-up across top-level statements goes through the name log
 * (`names.ts`): the tables below are built from the whole tree, each entry defined by the
 * statement that makes it, each look-up logged as the construct being read. With a `focus`,
 * only the constructs starting inside it are read for facts; the rest of the (partial) tree
 * is there for its names.
 */
export function extractPythonFacts(tree: Tree, language: LanguageId, options: AdapterOptions, focus?: Focus): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	const found = inventory(root);
	const anchors = anchorsIn(found, focus);
	const focused = (node: Node) => inFocus(focus, node);
	if (recordingNames()) defineStatements(root);

	const imports = new ImportTable();
	for (const node of found.imports) {
		safely(() => imports.add(node));
		if (!focused(node)) continue;
		const module = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : kids(node).map((k) => (k.type === 'aliased_import' ? k.childForFieldName('name')?.text : k.text))[0];
		if (module && !module.startsWith('.')) facts.imports.push({ module: module.split('.')[0], span: spanOf(node) });
	}
	const statementAt = recordingNames() ? statementFinder(root) : undefined;
	const scope: PythonScope = { imports, statusNames: new NameSet('status', statementAt), responseNames: new NameSet('response', statementAt) };
	const dialect = makeDialect(scope);

	const clients = readClients(found.assignments, found.withItems, found.functions, found.calls, scope);
	parameterClients(found.functions, imports, clients);
	const loggedClients = new LoggedMap('binding', clients);
	const calls = safely(() => recogniseCalls(found.calls, loggedClients, scope, new Set(options.extraHttpFunctions), focus && focused)) ?? [];
	facts.httpCalls = calls.map((c) => c.fact);
	for (const call of calls) {
		const bound = responseVariable(call.node);
		if (bound) scope.responseNames.add(bound.variable, bound.name);
	}
	for (const node of found.assignments) {
		const left = node.childForFieldName('left');
		const right = node.childForFieldName('right');
		if (left?.type === 'identifier' && right && readingAt(node, () => dialect.isStatusExpr(right))) scope.statusNames.add(left.text, left);
	}

	const { refs, listed } = safely(() => statusRefs(anchors.integers, anchors.attributes, dialect, scope)) ?? { refs: [], listed: [] };
	facts.statusCodeRefs = refs;

	// Retries.
	const functionsByName = new Map<string, Node>();
	for (const fn of found.functions) {
		const name = fn.childForFieldName('name')?.text;
		if (!name) continue;
		defineName('function', name, fn);
		if (!functionsByName.has(name)) functionsByName.set(name, fn);
	}
	const constants = new Map<string, Node>();
	const moduleAssignments: RetryContext['moduleAssignments'][number][] = [];
	for (const node of found.assignments) {
		const left = node.childForFieldName('left');
		const right = node.childForFieldName('right');
		if (!left || !right || node.parent?.parent?.type !== 'module') continue;
		moduleAssignments.push({ name: left.text, value: right, node });
		defineName('constant', left.text, node);
		if (left.type === 'identifier') constants.set(left.text, right);
	}
	const callsByName = new Map<string, Node[]>();
	for (const call of anchors.calls) {
		const name = calleeName(call);
		if (!name) continue;
		const list = callsByName.get(name);
		if (list) list.push(call);
		else callsByName.set(name, [call]);
	}
	const retryContext: RetryContext = { dialect, calls, functionsByName: new LoggedMap('function', functionsByName), root, listedStatuses: listed, moduleAssignments, callsByName };
	const libraryContext: LibraryContext = { dialect, imports, calls, constants: new LoggedMap('constant', constants) };
	const drafts: RetryDraft[] = [];
	const add = (draft: RetryDraft | undefined) => {
		if (draft) drafts.push(draft);
	};
	for (const loop of anchors.loops) add(anchored(loop, () => loopRetry(loop, retryContext)));
	for (const fn of anchors.functions) add(anchored(fn, () => recursionRetry(fn, retryContext)));
	for (const node of anchors.decorated) {
		readingAt(node, () => {
			const work = node.childForFieldName('definition') ?? undefined;
			for (const decorator of kids(node).filter((k) => k.type === 'decorator')) {
				const expression = kids(decorator)[0];
				if (!expression) continue;
				const call = expression.type === 'call' ? expression : undefined;
				const path = canonicalPath(imports.resolve(call ? calleeOf(call) : expression) ?? '');
				if (path === 'tenacity.retry') add(safely(() => tenacityRetry(decorator, call, work, libraryContext)));
				else if (call && (path === 'backoff.on_exception' || path === 'backoff.on_predicate')) add(safely(() => backoffRetry(decorator, call, path === 'backoff.on_exception' ? 'on_exception' : 'on_predicate', work, libraryContext)));
			}
		});
	}
	for (const call of anchors.calls) {
		readingAt(call, () => {
			const path = canonicalPath(imports.resolve(calleeOf(call)) ?? '');
			if (path === 'tenacity.Retrying' || path === 'tenacity.AsyncRetrying') {
				// `for attempt in Retrying(...): with attempt: ...` repeats the loop body; a bare `Retrying(...)` wraps a callable we cannot see.
				let top = call;
				while (top.parent && (top.parent.type === 'await' || top.parent.type === 'parenthesized_expression')) top = top.parent;
				const loop = top.parent?.type === 'for_statement' && top.parent.childForFieldName('right')?.id === top.id ? top.parent : undefined;
				add(safely(() => tenacityRetry(call, call, loop, libraryContext)));
			} else if (path === 'urllib3.Retry') add(safely(() => urllib3Retry(call, libraryContext)));
		});
	}
	const tries = tryStatements(anchors.tries, calls);
	const spansOf = (kinds: RegExp) => drafts.filter((d) => kinds.test(d.kind)).map((d) => d.span);
	const inside = (node: Node, spans: ReturnType<typeof spansOf>) => spans.some((span) => node.startIndex >= span.startIndex && node.endIndex <= span.endIndex);
	// A loop's own except that goes round again is not a second retry, nor a swallowed error.
	const loopSpans = spansOf(/^loop$/);
	const repeatingSpans = spansOf(/^(loop|recursion)$/);
	const inRetry = (node: Node) => inside(node, repeatingSpans);
	for (const t of tries) {
		if (inside(t.node, loopSpans)) continue;
		for (const draft of anchored(t.node, () => catchRetries(t.node, retryContext, t.guarded)) ?? []) add(draft);
	}
	drafts.sort((a, b) => a.span.startIndex - b.span.startIndex || a.headSpan.startIndex - b.headSpan.startIndex);
	facts.retries = drafts.map((draft, id): RetryConstruct => ({ id, ...draft }));
	assignRetryIds(facts);
	for (const call of calls) if (focused(call.node)) call.fact.idempotencyKey = anchored(call.node, () => idempotencyKeyOf(call, facts.retries[call.fact.retryId ?? -1], dialect)) ?? 'unknown';

	facts.catches = tries.flatMap((t) => safely(() => catchClauses([t], dialect, (node) => inRetry(node))) ?? []);
	// The refresh readers run only in a file that mentions a 401; while names are logged, on every
	// file, and a handler whose own text does not show the mention reads the whole file for it.
	if (recordingNames() || MENTIONS_401.test(root.text)) {
		const clientNames = { has: (name: string) => /^\w+$/.test(name) && loggedClients.has(name) };
		const handlers = safely(() => authRefreshHandlers(root, { dialect, calls: calls.map((c) => c.node), clientNames }, focus && focused)) ?? [];
		facts.authRefreshes = handlers.filter((handler) => {
			const node = root.descendantForIndex(handler.span.startIndex, Math.max(handler.span.startIndex, handler.span.endIndex - 1)) ?? root;
			return readingAt(node, () => {
				if (MENTIONS_401.test(root.text.slice(handler.span.startIndex - root.startIndex, handler.span.endIndex - root.startIndex))) return true;
				lookUpEveryName('text');
				return MENTIONS_401.test(root.text);
			});
		});
		for (const handler of facts.authRefreshes) if (!handler.hasOnceGuard) handler.hasOnceGuard = safely(() => guardedInside(root, handler.span)) ?? false;
	}
	// Calls outside the focus were recognised for their names only (ids are indexes until here).
	if (focus) facts.httpCalls = calls.filter((call) => focused(call.node)).map((call) => call.fact);
	return facts;
}

/** Names whose absence means the file holds no HTTP client, retry library or status code. */
const MIGHT_MATTER = /\b(?:requests|httpx|aiohttp|urllib3?|urlopen|tenacity|backoff|Retry|HTTPStatus|status_code|HTTP_\d{3}|HTTPException|abort|codes)\b/;

export const pythonAdapter = engineAdapter({
	language: 'python',
	grammar: 'tree-sitter-python',
	lineComment: '#',
	mightMatter: MIGHT_MATTER,
	logsNames: true,
	extract: extractPythonFacts,
});

