// The Python adapter: requests, httpx, aiohttp, urllib3 and urlopen calls; hand-written retry
// loops, recursion and except-retries; tenacity, backoff and urllib3 `Retry`; except clauses;
// 401 refresh branches; status references. The pieces live in `python/`; this file walks the
// tree once, sorts its nodes by kind, and hands them to those readers.
import { engineAdapter } from './common/adapter';
import type { Node, Tree } from 'web-tree-sitter';
import type { FileFacts, LanguageId, RetryConstruct } from '../types';
import type { AdapterOptions } from './adapter';
import { emptyFacts, spanOf } from './adapter';
import { authRefreshHandlers } from './common/handlers';
import { assignRetryIds, type RetryDraft } from './common/retries';
import { kids, safely, treeNodes } from './common/tree';
import { type ClientBinding, readClients, recogniseCalls } from './python/clients';
import { makeDialect, parameterNames, type PythonScope } from './python/dialect';
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
 * exactly one HTTP library: its calls are HTTP calls whose timeout we cannot see.
 */
function parameterClients(functions: readonly Node[], imports: ImportTable, clients: Map<string, ClientBinding>): void {
	const used = HTTP_MODULES.filter((module) => imports.imports(module));
	if (used.length !== 1 || imports.imports('sqlalchemy') || imports.imports('django')) return;
	for (const fn of functions) {
		for (const param of kids(fn.childForFieldName('parameters'))) {
			const name = param.type === 'identifier' ? param.text : param.type === 'default_parameter' ? param.childForFieldName('name')?.text : undefined;
			if (name && CLIENT_PARAMETER.test(name) && !clients.has(name)) clients.set(name, { library: used[0], timeout: 'unknown', raises: false });
		}
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
	const text = root.text.slice(span.startIndex, span.endIndex);
	return parameterNames(fn).some((param) => ONCE_PARAMETER.test(param) && new RegExp(`\\b${param}\\b`).test(text));
}

export function extractPythonFacts(tree: Tree, language: LanguageId, options: AdapterOptions): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	const found = inventory(root);

	const imports = new ImportTable();
	for (const node of found.imports) {
		safely(() => imports.add(node));
		const module = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : kids(node).map((k) => (k.type === 'aliased_import' ? k.childForFieldName('name')?.text : k.text))[0];
		if (module && !module.startsWith('.')) facts.imports.push({ module: module.split('.')[0], span: spanOf(node) });
	}
	const scope: PythonScope = { imports, statusNames: new Set(), responseNames: new Set() };
	const dialect = makeDialect(scope);

	const clients = readClients(found.assignments, found.withItems, found.functions, found.calls, scope);
	parameterClients(found.functions, imports, clients);
	const calls = safely(() => recogniseCalls(found.calls, clients, scope, new Set(options.extraHttpFunctions))) ?? [];
	facts.httpCalls = calls.map((c) => c.fact);
	for (const call of calls) if (call.fact.response.variable) scope.responseNames.add(call.fact.response.variable);
	for (const node of found.assignments) {
		const left = node.childForFieldName('left');
		const right = node.childForFieldName('right');
		if (left?.type === 'identifier' && right && dialect.isStatusExpr(right)) scope.statusNames.add(left.text);
	}

	const { refs, listed } = safely(() => statusRefs(found.integers, found.attributes, dialect, scope)) ?? { refs: [], listed: [] };
	facts.statusCodeRefs = refs;

	// Retries.
	const functionsByName = new Map<string, Node>();
	for (const fn of found.functions) {
		const name = fn.childForFieldName('name')?.text;
		if (name && !functionsByName.has(name)) functionsByName.set(name, fn);
	}
	const constants = new Map<string, Node>();
	const moduleAssignments: RetryContext['moduleAssignments'][number][] = [];
	for (const node of found.assignments) {
		const left = node.childForFieldName('left');
		const right = node.childForFieldName('right');
		if (!left || !right || node.parent?.parent?.type !== 'module') continue;
		moduleAssignments.push({ name: left.text, value: right, node });
		if (left.type === 'identifier') constants.set(left.text, right);
	}
	const callsByName = new Map<string, Node[]>();
	for (const call of found.calls) {
		const name = calleeName(call);
		if (!name) continue;
		const list = callsByName.get(name);
		if (list) list.push(call);
		else callsByName.set(name, [call]);
	}
	const retryContext: RetryContext = { dialect, calls, functionsByName, root, listedStatuses: listed, moduleAssignments, callsByName };
	const libraryContext: LibraryContext = { dialect, imports, calls, constants };
	const drafts: RetryDraft[] = [];
	const add = (draft: RetryDraft | undefined) => {
		if (draft) drafts.push(draft);
	};
	for (const loop of found.loops) add(safely(() => loopRetry(loop, retryContext)));
	for (const fn of found.functions) add(safely(() => recursionRetry(fn, retryContext)));
	for (const node of found.decorated) {
		const work = node.childForFieldName('definition') ?? undefined;
		for (const decorator of kids(node).filter((k) => k.type === 'decorator')) {
			const expression = kids(decorator)[0];
			if (!expression) continue;
			const call = expression.type === 'call' ? expression : undefined;
			const path = canonicalPath(imports.resolve(call ? calleeOf(call) : expression) ?? '');
			if (path === 'tenacity.retry') add(safely(() => tenacityRetry(decorator, call, work, libraryContext)));
			else if (call && (path === 'backoff.on_exception' || path === 'backoff.on_predicate')) add(safely(() => backoffRetry(decorator, call, path === 'backoff.on_exception' ? 'on_exception' : 'on_predicate', work, libraryContext)));
		}
	}
	for (const call of found.calls) {
		const path = canonicalPath(imports.resolve(calleeOf(call)) ?? '');
		if (path === 'tenacity.Retrying' || path === 'tenacity.AsyncRetrying') {
			// `for attempt in Retrying(...): with attempt: ...` repeats the loop body; a bare `Retrying(...)` wraps a callable we cannot see.
			let top = call;
			while (top.parent && (top.parent.type === 'await' || top.parent.type === 'parenthesized_expression')) top = top.parent;
			const loop = top.parent?.type === 'for_statement' && top.parent.childForFieldName('right')?.id === top.id ? top.parent : undefined;
			add(safely(() => tenacityRetry(call, call, loop, libraryContext)));
		} else if (path === 'urllib3.Retry') add(safely(() => urllib3Retry(call, libraryContext)));
	}
	const tries = tryStatements(found.tries, calls);
	const spansOf = (kinds: RegExp) => drafts.filter((d) => kinds.test(d.kind)).map((d) => d.span);
	const inside = (node: Node, spans: ReturnType<typeof spansOf>) => spans.some((span) => node.startIndex >= span.startIndex && node.endIndex <= span.endIndex);
	// A loop's own except that goes round again is not a second retry, nor a swallowed error.
	const loopSpans = spansOf(/^loop$/);
	const repeatingSpans = spansOf(/^(loop|recursion)$/);
	const inRetry = (node: Node) => inside(node, repeatingSpans);
	for (const t of tries) {
		if (inside(t.node, loopSpans)) continue;
		for (const draft of safely(() => catchRetries(t.node, retryContext, t.guarded)) ?? []) add(draft);
	}
	drafts.sort((a, b) => a.span.startIndex - b.span.startIndex || a.headSpan.startIndex - b.headSpan.startIndex);
	facts.retries = drafts.map((draft, id): RetryConstruct => ({ id, ...draft }));
	assignRetryIds(facts);
	for (const call of calls) call.fact.idempotencyKey = safely(() => idempotencyKeyOf(call, facts.retries[call.fact.retryId ?? -1], dialect)) ?? 'unknown';

	facts.catches = safely(() => catchClauses(tries, dialect, (node) => inRetry(node))) ?? [];
	if (/401|unauthori[sz]ed|UNAUTHORIZED/.test(root.text)) {
		facts.authRefreshes = safely(() => authRefreshHandlers(root, { dialect, calls: calls.map((c) => c.node), clientNames: new Set([...clients.keys()].filter((k) => /^\w+$/.test(k))) })) ?? [];
		for (const handler of facts.authRefreshes) if (!handler.hasOnceGuard) handler.hasOnceGuard = safely(() => guardedInside(root, handler.span)) ?? false;
	}
	return facts;
}

/** Names whose absence means the file holds no HTTP client, retry library or status code. */
const MIGHT_MATTER = /\b(?:requests|httpx|aiohttp|urllib3?|urlopen|tenacity|backoff|Retry|HTTPStatus|status_code|HTTP_\d{3}|HTTPException|abort|codes)\b/;

export const pythonAdapter = engineAdapter({
	language: 'python',
	grammar: 'tree-sitter-python',
	lineComment: '#',
	mightMatter: MIGHT_MATTER,
	extract: extractPythonFacts,
});

